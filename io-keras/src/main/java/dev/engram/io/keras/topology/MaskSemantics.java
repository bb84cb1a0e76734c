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
import dev.engram.layers.MergeConfig;
import dev.engram.layers.MergeMaskRule;
import dev.engram.models.LayerCall;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to write a model whose masked layers would compute something else in the target
 * framework (DESIGN.md section 5, "same numbers in every reader"). Mask semantics differ by origin:
 * TF.js 4.22 averages every step in {@code GlobalAveragePooling1D} while Keras takes the masked
 * mean ({@link KerasDialect#poolingUsesMask}); Keras zeroes the masked steps of a
 * {@code Bidirectional} returning sequences while TF.js repeats the previous output
 * ({@link KerasDialect#bidirectionalZeroesMaskedSteps}). Neither target can say the other's
 * behaviour, so a model carrying a mask (an {@code Embedding} with maskZero or a {@code Masking}
 * layer) and such a layer of the other semantics is refused; without a mask source both behaviours
 * are the same function and the layer is written in the target's form. Merges combine masks by their
 * origin's {@link MergeMaskRule}, refused where a mask reaches one whose rule is not the target's; Keras 3's
 * Multiply, Maximum and Minimum also leave masked steps out of their values, so a mask reaching one of another
 * rule is refused even when every input carries the same mask.
 */
final class MaskSemantics {
    /** Keras 3 merges whose values (not only their output mask) leave masked steps out. */
    private static final java.util.Set<dev.engram.layers.MergeMode> VALUE_MASKED = java.util.EnumSet.of(
            dev.engram.layers.MergeMode.MULTIPLY, dev.engram.layers.MergeMode.MAXIMUM,
            dev.engram.layers.MergeMode.MINIMUM);

    private MaskSemantics() {
    }

    /** Throws if {@code m} cannot be written to dialect {@code d} without changing its function. */
    static void check(Network m, KerasDialect d, ConfigNode where) throws ModelFormatException {
        if (m.layers().stream().noneMatch(l -> producesMask(l.config()))) {
            return;
        }
        if (m instanceof Model graph) {
            checkMerges(graph, d, where);
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

    /**
     * Merges that masks reach combine them by their origin's rule (tf-keras and TF.js AND the masks, Keras 3 ORs
     * them and drops them when an input has none): one whose rule is not the target's is refused when its inputs'
     * masks can differ (different sources, or an unmasked input). The masks' paths are followed through the
     * graph, so a residual Add of two tensors with the same mask, or a merge after the masked layers consumed
     * the mask (an LSTM returning its last state), is written anywhere.
     */
    private static void checkMerges(Model m, KerasDialect d, ConfigNode where) throws ModelFormatException {
        MergeMaskRule target = d == KerasDialect.KERAS_3 ? MergeMaskRule.KERAS3 : MergeMaskRule.ALL;
        // each masked tensor -> where its mask comes from: equal masks AND and OR alike
        java.util.Map<SymbolicTensor, Object> source = new java.util.IdentityHashMap<>();
        for (LayerCall call : m.calls()) {
            List<Boolean> in = call.inputs().stream().map(source::containsKey).toList();
            java.util.Set<Object> sources = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            call.inputs().stream().filter(source::containsKey).forEach(t -> sources.add(source.get(t)));
            boolean differ = sources.size() > 1 || !sources.isEmpty() && in.contains(false);
            if (call.layer().config() instanceof MergeConfig mc && !sources.isEmpty() && mc.maskRule() != target
                    && VALUE_MASKED.contains(mc.mode())) {
                throw where.error("layer '" + call.layer().name() + "' (" + call.layer().typeName() + ") receives a "
                        + "time-step mask and " + (mc.maskRule() == MergeMaskRule.KERAS3 ? "leaves masked steps out"
                        + " of its values (Keras 3)" : "keeps masked steps in its values (tf-keras and TF.js)")
                        + ", which " + d + " cannot express; the file would compute another function there. Save it in"
                        + " a format whose rule matches (" + (mc.maskRule() == MergeMaskRule.KERAS3
                        ? "Keras 3 h5 or .keras" : "tf-keras h5 or TF.js") + "), or set the rule with "
                        + "MergeConfig.withMaskRule");
            }
            if (call.layer().config() instanceof MergeConfig mc && differ && mc.maskRule() != target) {
                throw where.error("layer '" + call.layer().name() + "' merges different time-step masks by "
                        + mc.maskRule() + " (" + (mc.maskRule() == MergeMaskRule.KERAS3 ? "Keras 3: OR"
                        : "tf-keras and TF.js: AND") + "), which " + d + " cannot express; the file would compute "
                        + "another function there. Save it in a format whose rule matches ("
                        + (mc.maskRule() == MergeMaskRule.KERAS3 ? "Keras 3 h5 or .keras" : "tf-keras h5 or TF.js")
                        + "), or set the rule with MergeConfig.withMaskRule");
            }
            SymbolicTensor out = call.outputs().get(0);
            if (producesMask(call.layer().config())) {
                source.put(out, out);
            } else if (!sources.isEmpty() && passesOn(call, in)) {
                source.put(out, sources.size() == 1 && !differ ? sources.iterator().next() : new Object());
            }
        }
    }

    /** Whether the call's first output carries a mask when the marked inputs carry one (asked of the layer). */
    private static boolean passesOn(LayerCall call, List<Boolean> masked) {
        return passesOn(call.layer(), call.inputs(), masked);
    }

    /** Whether {@code layer} applied to {@code inputs} passes a mask on when the marked inputs carry one. */
    static boolean passesOn(dev.engram.layers.Layer layer, List<SymbolicTensor> inputs, List<Boolean> masked) {
        try {
            List<Tensor> xs = new ArrayList<>();
            List<Tensor> masks = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                int[] dims = inputs.get(i).shape().prepend(1).toArray();
                for (int k = 0; k < dims.length; k++) {
                    dims[k] = Math.max(1, dims[k]);
                }
                xs.add(Tensor.zeros(Shape.of(dims)));
                masks.add(masked.get(i) && dims.length >= 2 ? Tensor.zeros(Shape.of(1, dims[1])) : null);
            }
            return layer.combineMasks(xs, masks) != null;
        } catch (RuntimeException e) {
            return true; // cannot tell: assume the mask goes on, so a differing merge is refused, never miswritten
        }
    }

    static boolean producesMask(LayerConfig<?> c) {
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
