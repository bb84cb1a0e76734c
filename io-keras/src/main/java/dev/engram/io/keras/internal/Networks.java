package dev.engram.io.keras.internal;

import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.losses.Loss;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizer;
import java.util.List;

/**
 * Compile state of a {@link Network}, whichever kind: the readers recompile models from the
 * file's training config and the writers save the loss and optimizer. A functional {@link Model}
 * counts as compiled with one loss when every output shares the same loss.
 */
public final class Networks {
    private Networks() {
    }

    /**
     * Compiles {@code m} with one loss for every output.
     *
     * @param m a Sequential or functional model
     * @param loss the loss for every output
     * @param optimizer the optimizer
     */
    public static void compile(Network m, Loss loss, Optimizer optimizer) {
        if (m instanceof Sequential s) {
            s.compile(loss, optimizer);
        } else if (m instanceof Model fm) {
            fm.compile(loss, optimizer);
        } else {
            throw new IllegalArgumentException("cannot compile a " + m.getClass().getSimpleName());
        }
    }

    /**
     * The loss shared by every output, or null when not compiled (or the outputs have different losses).
     *
     * @param m a Sequential or functional model
     * @return the shared loss, or null
     */
    public static Loss loss(Network m) {
        if (m instanceof Sequential s) {
            return s.loss();
        }
        if (m instanceof Model fm && fm.losses() != null && !fm.losses().isEmpty()) {
            List<Loss> ls = fm.losses();
            return ls.stream().allMatch(l -> l == ls.get(0)) ? ls.get(0) : null;
        }
        return null;
    }

    /**
     * The loss of every output in output order (one element for a Sequential), or null when not
     * compiled. Unlike {@link #loss}, outputs with different losses are kept.
     *
     * @param m a Sequential or functional model
     * @return the losses, or null
     */
    public static List<Loss> losses(Network m) {
        if (m instanceof Sequential s) {
            return s.loss() == null ? null : List.of(s.loss());
        }
        return m instanceof Model fm && fm.losses() != null && !fm.losses().isEmpty() ? fm.losses() : null;
    }

    /**
     * Compiles {@code m} with one loss per output (a Sequential takes a one-element list).
     *
     * @param m a Sequential or functional model
     * @param losses one loss per output, in output order
     * @param optimizer the optimizer
     */
    public static void compile(Network m, List<Loss> losses, Optimizer optimizer) {
        if (m instanceof Model fm) {
            fm.compile(losses, optimizer);
        } else if (losses.size() == 1) {
            compile(m, losses.get(0), optimizer);
        } else {
            throw new IllegalArgumentException("model '" + m.name() + "' has one output, got " + losses.size()
                    + " losses");
        }
    }

    /**
     * The optimizer, or null when not compiled.
     *
     * @param m a Sequential or functional model
     * @return the optimizer, or null
     */
    public static Optimizer optimizer(Network m) {
        if (m instanceof Sequential s) {
            return s.optimizer();
        }
        return m instanceof Model fm ? fm.optimizer() : null;
    }

    /**
     * The model as a {@link Sequential}, or an error naming what it is.
     *
     * @param m the model read or to be written
     * @param file the file named in the error
     * @return {@code m} as a Sequential
     * @throws ModelFormatException when {@code m} is not a Sequential (e.g. a caller asked for one and the file
     *                              holds a functional model)
     */
    public static Sequential requireSequential(Network m, String file) throws ModelFormatException {
        if (m instanceof Sequential s) {
            return s;
        }
        throw new ModelFormatException(file, "", "the file holds a functional model '" + m.name() + "' with "
                + m.layers().size() + " layers (" + m.inputShapes().size() + " input(s), " + m.outputShapes().size()
                + " output(s)), not a Sequential; load it as a Network (KerasModels.load)");
    }
}
