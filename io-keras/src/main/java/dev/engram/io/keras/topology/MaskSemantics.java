package dev.engram.io.keras.topology;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.MaskingConfig;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.models.Network;

/**
 * Refuses to write a model whose masked layers would compute something else in the target
 * framework (DESIGN.md section 5, "same numbers in every reader"). Mask semantics differ by origin:
 * TF.js 4.22 averages every step in {@code GlobalAveragePooling1D} while Keras takes the masked
 * mean ({@link KerasDialect#poolingUsesMask}); Keras zeroes the masked steps of a
 * {@code Bidirectional} returning sequences while TF.js repeats the previous output
 * ({@link KerasDialect#bidirectionalZeroesMaskedSteps}). Neither target can say the other's
 * behaviour, so a model carrying a mask (an {@code Embedding} with maskZero or a {@code Masking}
 * layer) and such a layer of the other semantics is refused; without a mask source both behaviours
 * are the same function and the layer is written in the target's form.
 */
final class MaskSemantics {
    private MaskSemantics() {
    }

    /** Throws if {@code m} cannot be written to dialect {@code d} without changing its function. */
    static void check(Network m, KerasDialect d, ConfigNode where) throws ModelFormatException {
        if (m.layers().stream().noneMatch(l -> producesMask(l.config()))) {
            return;
        }
        for (Layer l : m.layers()) {
            String problem = problem(l.config(), d);
            if (problem != null) {
                throw where.error("layer '" + l.name() + "': " + problem + ", and the model carries a time-step mask"
                        + " (Embedding maskZero or Masking); the file would compute another function in " + d
                        + ". Save it in a format whose semantics match (" + matching(l.config()) + ")");
            }
        }
    }

    private static boolean producesMask(LayerConfig<?> c) {
        return c instanceof EmbeddingConfig e && e.maskZero() || c instanceof MaskingConfig;
    }

    /** Why {@code c} cannot be said in {@code d}, or null. */
    private static String problem(LayerConfig<?> c, KerasDialect d) {
        if (c instanceof TimeDistributedConfig t) {
            return problem(t.layer(), d);
        }
        Boolean passes = passesMask(c);
        if (passes != null && passes != (d != KerasDialect.TFJS)) {
            return passes ? c.getClass().getSimpleName().replace("LayerConfig", "") + " passes the time-step mask on"
                    + " (Keras semantics), which " + d + " cannot express (TF.js 4.22 drops it there)"
                    : c.getClass().getSimpleName().replace("LayerConfig", "") + " drops the time-step mask (TF.js "
                    + "semantics), which " + d + " cannot express (Keras passes it on)";
        }
        if (c instanceof GlobalPooling1DConfig p && p.mode() == PoolingMode.AVERAGE
                && p.useMask() != d.poolingUsesMask(PoolingMode.AVERAGE)) {
            return p.useMask() ? "GlobalAveragePooling1D takes the masked mean (Keras semantics), which " + d
                    + " cannot express (TF.js 4.22 averages every step)"
                    : "GlobalAveragePooling1D averages every step ignoring the mask (TF.js semantics), which " + d
                    + " cannot express (Keras takes the masked mean)";
        }
        if (c instanceof BidirectionalConfig b && b.innerReturnSequences()
                && b.zeroMaskedSteps() != d.bidirectionalZeroesMaskedSteps()) {
            return b.zeroMaskedSteps() ? "Bidirectional outputs zeros at masked steps (Keras semantics), which " + d
                    + " cannot express (TF.js repeats the previous output)"
                    : "Bidirectional repeats the previous output at masked steps (TF.js semantics), which " + d
                    + " cannot express (Keras outputs zeros there)";
        }
        return null;
    }

    /** Whether an activation layer whose mask behaviour differs by origin passes the mask; null for other layers. */
    private static Boolean passesMask(LayerConfig<?> c) {
        if (c instanceof dev.engram.layers.LeakyReluLayerConfig l) {
            return l.passesMask();
        }
        if (c instanceof dev.engram.layers.EluLayerConfig e) {
            return e.passesMask();
        }
        if (c instanceof dev.engram.layers.ThresholdedReluLayerConfig t) {
            return t.passesMask();
        }
        if (c instanceof dev.engram.layers.SoftmaxLayerConfig s) {
            return s.passesMask();
        }
        return null;
    }

    private static String matching(LayerConfig<?> c) {
        Boolean passes = passesMask(c);
        if (passes != null) {
            return passes ? "Keras h5 or .keras" : "TF.js";
        }
        boolean keras = c instanceof GlobalPooling1DConfig p ? p.useMask()
                : c instanceof BidirectionalConfig b ? b.zeroMaskedSteps()
                : c instanceof TimeDistributedConfig t && t.layer() instanceof GlobalPooling1DConfig p2 && p2.useMask();
        return keras ? "Keras h5 or .keras" : "TF.js";
    }
}
