package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A 1-D {@code Conv} (constant weights, any group) of a batch-major sequence transposed to {@code [batch, C, L]} as a
 * channels-last Conv1D layer: tf2onnx's Conv1D once {@link ConvLowering} has taken its ExpandDims / Squeeze away, and
 * Engram's own export. {@code W[f, c/g, j]} becomes {@code kernel[j, c/g, f]}. The pads must be those of a Keras
 * padding (valid, same or causal) on the known sequence length, found by trying each. Called by ConvImporter, which
 * owns Conv.
 */
final class SequenceConv {
    private SequenceConv() {
    }

    /** Conv with a rank-3 constant weight {@code w} on the channels-first sequence followed. */
    static void conv1d(ConversionGraph graph, LayerChain chain, NodeContext n, Value w) throws UnsupportedOnnxException {
        if (chain.form != Form.CHANNEL_SEQ || chain.channelsFirstSequence) {
            throw graph.refuse(n.describe() + ": a 1-D Conv maps to Conv1D only on a batch-major sequence transposed "
                    + "to [batch, features, time] (the engine's Conv1D is channels-last)");
        }
        long group = n.attrInt("group", 1);
        if (group < 1 || w.dim(0) % group != 0 || (long) w.dim(1) * group != chain.inputFeatures) {
            throw graph.refuse(n.describe() + ": group " + group + " does not split the " + chain.inputFeatures
                    + " input channels and W " + Arrays.toString(w.shape()));
        }
        boolean hasBias = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty();
        Value b = hasBias ? graph.constValue(n.node().getInput(2)) : null;
        if (hasBias && b == null) {
            throw graph.refuse(n.describe() + ": the bias B must be a constant");
        }
        int k = w.dim(2);
        int s = single(graph, n, "strides");
        int d = single(graph, n, "dilations");
        long steps = chain.steps;
        Padding padding = padding(graph, n, steps, k, s, d);
        Conv1DConfig layer;
        try {
            layer = Layers.conv1d(w.dim(0), k).withStrides(s).withDilationRate(d).withPadding(padding)
                    .withGroups((int) group).withUseBias(b != null);
        } catch (IllegalArgumentException e) {
            throw graph.refuse(n.describe() + ": " + e.getMessage());
        }
        Map<WeightKey, Tensor> weights = new HashMap<>();
        weights.put(WeightKey.of(WeightRole.KERNEL), kernel(w));
        if (b != null) {
            weights.put(WeightKey.of(WeightRole.BIAS), b.tensor());
        }
        chain.add(layer, weights, LayerChain.weightKey(n, graph));
        chain.inputFeatures = w.dim(0);
        chain.steps = steps < 0 ? -1 : padding.outputLength((int) steps, k, s, d);
        chain.lstmIndex = -1;
        chain.denseOpen = true;
        chain.moveTo(n, Form.CHANNEL_SEQ);
    }

    /** The Keras padding whose left pad and output length are the node's on {@code steps}; a refusal otherwise. */
    private static Padding padding(ConversionGraph graph, NodeContext n, long steps, int k, int s, int d)
            throws UnsupportedOnnxException {
        String auto = n.attrString("auto_pad", "NOTSET");
        long[] pads = n.attrInts("pads");
        boolean none = pads == null || Arrays.stream(pads).allMatch(p -> p == 0);
        if (auto.equals("VALID") || (auto.equals("NOTSET") || auto.isEmpty()) && none) {
            return Padding.VALID;
        }
        if (auto.equals("SAME_UPPER")) {
            return Padding.SAME;
        }
        if ((auto.equals("NOTSET") || auto.isEmpty()) && pads.length == 2 && steps > 0) {
            long keff = (long) (k - 1) * d + 1;
            long out = (steps + pads[0] + pads[1] - keff) / s + 1;
            for (Padding p : List.of(Padding.SAME, Padding.CAUSAL)) {
                if (p.padLeft((int) steps, k, s, d) == pads[0] && p.outputLength((int) steps, k, s, d) == out) {
                    return p;
                }
            }
        }
        throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " (auto_pad " + auto + ") on a sequence "
                + "of " + (steps < 0 ? "unknown length" : steps + " steps") + " are no Keras padding (valid, same, causal)");
    }

    private static int single(ConversionGraph graph, NodeContext n, String name) throws UnsupportedOnnxException {
        long[] v = n.attrInts(name);
        if (v == null) {
            return 1;
        }
        if (v.length != 1 || v[0] < 1 || v[0] > Integer.MAX_VALUE) {
            throw graph.refuse(n.describe() + ": " + name + " " + Arrays.toString(v) + " must be one positive value");
        }
        return (int) v[0];
    }

    /** ONNX {@code W[f, c, j]} as the engine's {@code kernel[j, c, f]}. */
    private static Tensor kernel(Value w) {
        int f = w.dim(0);
        int c = w.dim(1);
        int k = w.dim(2);
        float[] src = w.floats();
        float[] dst = new float[src.length];
        for (int o = 0; o < f; o++) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < k; j++) {
                    dst[(j * c + i) * f + o] = src[(o * c + i) * k + j];
                }
            }
        }
        return Tensor.wrap(Shape.of(k, c, f), dst);
    }
}
