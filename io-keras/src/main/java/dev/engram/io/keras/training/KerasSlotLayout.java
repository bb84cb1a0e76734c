package dev.engram.io.keras.training;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.optimizers.Adagrad;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Adamax;
import dev.engram.optimizers.Nadam;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.RmsProp;
import dev.engram.optimizers.RmsPropForm;
import dev.engram.optimizers.Sgd;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras layout of one optimizer: tf-keras and Keras 3 slot names, the engine's, SGD's scale, the
 * slots' initial value, and whether Keras lists each slot for all parameters before the next.
 */
record KerasSlotLayout(String kerasClass, List<String> tf2Slots, List<String> k3Slots, List<String> engineSlots,
        float scale, float initial, boolean slotMajor, boolean tf2UnusedMomentum) {
    /** A layout with each slot listed per parameter, as most optimizers do. */
    KerasSlotLayout(String kerasClass, List<String> tf2Slots, List<String> k3Slots, List<String> engineSlots, float scale,
            float initial) {
        this(kerasClass, tf2Slots, k3Slots, engineSlots, scale, initial, false, false);
    }

    /** The layout of {@code opt}, or a refusal naming why its state has no exact Keras form. */
    static KerasSlotLayout of(Optimizer opt, String file) throws ModelFormatException {
        if (opt instanceof Adam a) {
            if (a.epsilonForm() != AdamEpsilon.EPSILON_HAT) {
                throw refuse(file, opt, "Adam in the TF.js epsilon form has no Keras equivalent");
            }
            return new KerasSlotLayout(opt instanceof dev.engram.optimizers.AdamW ? "AdamW" : "Adam", List.of("m", "v"),
                    List.of("momentum", "velocity"), List.of("m", "v"), 1f, 0f);
        }
        if (opt instanceof Sgd s) {
            if (!s.usesMomentum() || s.momentum() == 0) {
                // tf-keras 2.11+ builds SGD's "m" slot even without momentum (it holds the last step, -lr * grad,
                // and is read only times the momentum 0); Keras 3 builds none
                return new KerasSlotLayout("SGD", List.of(), List.of(), List.of(), 1f, 0f, false, true);
            }
            if (opt.schedule() != null) {
                throw refuse(file, opt, "Keras SGD keeps -lr * momentum, the engine the momentum alone; with a"
                        + " learning-rate schedule they cannot be converted exactly");
            }
            return new KerasSlotLayout("SGD", List.of("m"), List.of("momentum"), List.of("momentum"), (float) -opt.learningRate(),
                    0f);
        }
        if (opt instanceof Adagrad g) {
            return new KerasSlotLayout("Adagrad", List.of("accumulator"), List.of("accumulator"), List.of("accumulator"), 1f,
                    (float) g.initialAccumulatorValue());
        }
        if (opt instanceof Adamax x) {
            if (x.decay() != 0) {
                throw refuse(file, opt, "Adamax with decay " + x.decay() + " has no Keras equivalent");
            }
            return new KerasSlotLayout("Adamax", List.of("m", "u"), List.of("momentum", "norm"), List.of("m", "v"), 1f, 0f);
        }
        if (opt instanceof Nadam) {
            return new KerasSlotLayout("Nadam", List.of("m", "v"), List.of("momentum", "velocity"), List.of("momentum", "velocity"),
                    1f, 0f);
        }
        if (opt instanceof RmsProp r) {
            if (r.centered() && r.form() != RmsPropForm.KERAS) {
                throw refuse(file, opt, "centered RMSprop in the TF.js form has no Keras equivalent");
            }
            // Keras builds the momentum slot only when momentum > 0; the engine's then holds nothing the
            // update reads (0 * momentum), so it is dropped on write and starts at 0 on read.
            List<String> tf2 = new ArrayList<>(List.of("velocity"));
            List<String> engine = new ArrayList<>(List.of("rms"));
            if (r.momentum() > 0) {
                tf2.add("momentum");
                engine.add("momentum");
            }
            if (r.centered()) {
                tf2.add("average_gradient");
                engine.add("mg");
            }
            return new KerasSlotLayout("RMSprop", tf2, tf2, engine, 1f, 0f, true, false);
        }
        throw refuse(file, opt, "its update differs from Keras's; optimizer state is written for SGD, Adam/AdamW"
                + " (EPSILON_HAT form), RMSprop, Adagrad, Adamax, Nadam");
    }

    private static ModelFormatException refuse(String file, Optimizer opt, String why) {
        return new ModelFormatException(file, "optimizer state", "optimizer " + opt.name() + ": " + why
                + "; save with " + KerasOptimizerState.HINT + " (the training config is kept)");
    }
}
