package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A 1-D {@code Conv} (constant weights, any {@code group}) of a channels-first sequence {@code [batch, C, L]} as a
 * Conv1D layer: on a batch-major sequence transposed to {@code [batch, features, time]} (Engram's export of a
 * channels-last Conv1D) the layer is channels-last; on a graph input read straight by the node (PyTorch's
 * {@code Conv1d} on NCL, Engram's export of a channels-first Conv1D) it is channels-first
 * ({@link LayerChain#channelsFirstSequence}). {@code W[f, c, j]} becomes {@code kernel[j, c, f]}. Padding maps when
 * a Keras layer pads so: none (valid), {@code [(k-1)·d, 0]} (causal), TF's same split with the odd step at the end
 * (same; {@code auto_pad SAME_UPPER}; with a stride above 1 the length must be known); other explicit pads become a
 * ZeroPadding1D layer before a valid Conv1D (the same windows).
 * Called by ConvImporter, which owns Conv.
 */
final class SequenceConv {
    private SequenceConv() {
    }

    /** Conv with a rank-3 constant weight {@code w} on the channels-first sequence followed. */
    static void conv1d(ConversionGraph graph, LayerChain chain, NodeContext n, Value w) throws UnsupportedOnnxException {
        if (chain.form != Form.CHANNEL_SEQ || chain.inputOrderReverse || chain.reversedInput) {
            throw graph.refuse(n.describe() + ": a 1-D Conv maps to Conv1D only on a channels-first sequence in time "
                    + "order (an NCL graph input, or a sequence transposed to [batch, features, time])");
        }
        long group = ConvImporter.group(graph, chain, n, w, "k");
        Value b = ConvImporter.bias(graph, n);
        int filters = w.dim(0);
        int k = w.dim(2);
        int s = SequenceConvTranspose.single(graph, n, "strides");
        int d = SequenceConvTranspose.single(graph, n, "dilations");
        Padding padding = padding(graph, n, chain.steps, k, s, d);
        DataFormat format = chain.channelsFirstSequence ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST;
        if (padding == null) {
            // Explicit pads no Keras padding makes (PyTorch's symmetric padding at a stride above 1): zeros first,
            // then the valid convolution, which computes the same windows.
            long[] pads = n.attrInts("pads");
            chain.add(Layers.zeroPadding1d((int) pads[0], (int) pads[1]).withDataFormat(format), Map.of(), "");
            chain.steps = chain.steps < 0 ? -1 : chain.steps + pads[0] + pads[1];
            padding = Padding.VALID;
        }
        Conv1DConfig layer;
        try {
            layer = Layers.conv1d(filters, k).withStrides(s).withDilationRate(d).withPadding(padding)
                    .withGroups((int) group);
        } catch (IllegalArgumentException e) {
            throw graph.refuse(n.describe() + ": " + e.getMessage());
        }
        Map<WeightKey, Tensor> weights = new HashMap<>();
        weights.put(WeightKey.of(WeightRole.KERNEL), kernel(w));
        if (b != null) {
            weights.put(WeightKey.of(WeightRole.BIAS), b.tensor());
        }
        chain.add(layer.withDataFormat(format).withUseBias(b != null), weights, LayerChain.weightKey(n, graph));
        chain.inputFeatures = filters;
        chain.steps = chain.steps < 0 ? -1 : padding.outputLength((int) chain.steps, k, s, d);
        chain.lstmIndex = -1;
        chain.denseOpen = true;
        chain.moveTo(n, Form.CHANNEL_SEQ);
    }

    /**
     * The Keras padding whose pads the node has on a sequence of {@code steps} (-1: unknown); null for other explicit
     * non-negative pads (a ZeroPadding1D then a valid Conv1D); a refusal for anything else.
     */
    private static Padding padding(ConversionGraph graph, NodeContext n, long steps, int k, int s, int d)
            throws UnsupportedOnnxException {
        Padding auto = ConvImporter.autoPad(graph, n, "step");
        if (auto != null) {
            return auto;
        }
        long[] pads = n.attrInts("pads");
        if (pads == null || Arrays.stream(pads).allMatch(p -> p == 0)) {
            return Padding.VALID;
        }
        int eff = (k - 1) * d + 1;
        if (pads.length == 2 && pads[0] == eff - 1 && pads[1] == 0) {
            return Padding.CAUSAL;
        }
        if (pads.length == 2 && (s == 1 || steps > 0)) {
            int total = s == 1 ? eff - 1
                    : Math.max((Padding.SAME.outputLength((int) steps, k, s, d) - 1) * s + eff - (int) steps, 0);
            if (pads[0] == total / 2 && pads[1] == total - total / 2) {
                return Padding.SAME;
            }
        }
        if (pads.length == 2 && pads[0] >= 0 && pads[1] >= 0 && pads[0] <= Integer.MAX_VALUE
                && pads[1] <= Integer.MAX_VALUE) {
            return null; // a ZeroPadding1D before a valid Conv1D
        }
        throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " on a sequence of "
                + (steps < 0 ? "unknown length" : steps + " steps") + " are neither none (valid), [(k-1)·d, 0] (causal) "
                + "nor TF's same padding (the odd step at the end), nor two non-negative pads (ZeroPadding1D)");
    }

    /** ONNX {@code W[f, c, j]} as the engine's {@code kernel[j, c, f]}. */
    private static Tensor kernel(Value w) {
        int f = w.dim(0);
        int ch = w.dim(1);
        int k = w.dim(2);
        float[] src = w.floats();
        float[] dst = new float[src.length];
        for (int o = 0; o < f; o++) {
            for (int i = 0; i < ch; i++) {
                for (int j = 0; j < k; j++) {
                    dst[(j * ch + i) * f + o] = src[(o * ch + i) * k + j];
                }
            }
        }
        return Tensor.wrap(Shape.of(k, ch, f), dst);
    }
}
