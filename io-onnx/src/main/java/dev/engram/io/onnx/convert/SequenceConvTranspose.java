package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Conv1DTransposeConfig;
import dev.engram.layers.DataFormat;
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
 * A 1-D {@code ConvTranspose} (group 1, constant weights) of a channels-first sequence {@code [batch, C, L]} as a
 * Conv1DTranspose layer: on a batch-major sequence transposed to {@code [batch, features, time]} (Engram's export)
 * the layer is channels-last; on a graph input read straight by the node (PyTorch's {@code ConvTranspose1d} on NCL)
 * it is channels-first and the walk stays channels-first ({@link LayerChain#channelsFirstSequence}).
 * {@code W[c, f, j]} becomes {@code kernel[j, f, c]}. The node's output length and leading pad must be a Keras
 * layer's (valid or same, with or without an output padding below the stride), found by trying each; the sequence
 * length must be known. Called by ConvImporter, which owns ConvTranspose.
 */
final class SequenceConvTranspose {
    private SequenceConvTranspose() {
    }

    /**
     * True when graph input {@code input}'s only data reader is a 1-D Conv or ConvTranspose reading it as its data:
     * the input is then channels-first {@code [batch, C, L]} (PyTorch's layout), not {@code [batch, steps, features]}.
     */
    static boolean readsChannelsFirst(ConversionGraph graph, String input, List<NodeContext> readers) {
        if (readers.size() != 1) {
            return false;
        }
        NodeContext r = readers.get(0);
        if (!(r.opType().equals("ConvTranspose") || r.opType().equals("Conv")) || !r.node().getInput(0).equals(input)) {
            return false;
        }
        Value w = graph.constValue(r.node().getInput(1));
        return w != null && w.rank() == 3;
    }

    /** The walk from a channels-first sequence input {@code [batch, C, L]}. */
    static LayerChain startAt(String input, int[] perSample) {
        LayerChain chain = new LayerChain(input, Form.CHANNEL_SEQ);
        chain.channelsFirstSequence = true;
        chain.perSample = perSample;
        chain.inputFeatures = perSample[0];
        chain.steps = perSample[1];
        return chain;
    }

    /** ConvTranspose with a rank-3 constant weight {@code w} on the channels-first sequence followed. */
    static void convTranspose1d(ConversionGraph graph, LayerChain chain, NodeContext n, Value w)
            throws UnsupportedOnnxException {
        if (chain.form != Form.CHANNEL_SEQ || n.attrInt("group", 1) != 1) {
            throw graph.refuse(n.describe() + ": a 1-D ConvTranspose maps to Conv1DTranspose only with group 1 on a "
                    + "channels-first sequence (an NCL graph input, or a sequence transposed to [batch, features, time])");
        }
        Value b = ConvImporter.bias(graph, n);
        long steps = chain.steps;
        String auto = n.attrString("auto_pad", "NOTSET");
        if (steps < 0 || n.attrInts("output_shape") != null || !(auto.equals("NOTSET") || auto.isEmpty())) {
            throw graph.refuse(n.describe() + ": a 1-D ConvTranspose maps to Conv1DTranspose only with explicit pads on "
                    + "a sequence of known length (here " + (steps < 0 ? "unknown" : steps) + ")");
        }
        int k = w.dim(2);
        int s = single(graph, n, "strides");
        int d = single(graph, n, "dilations");
        long[] pads = n.attrInts("pads");
        long[] op = n.attrInts("output_padding");
        if (pads != null && (pads.length != 2 || pads[0] < 0 || pads[1] < 0) || op != null && op.length != 1) {
            throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " and output_padding "
                    + Arrays.toString(op) + " must have 2 non-negative values and 1 value for a 1-D ConvTranspose");
        }
        long lead = pads == null ? 0 : pads[0];
        long keff = (long) (k - 1) * d + 1;
        long out = (long) s * (steps - 1) + keff + (op == null ? 0 : op[0]) - (pads == null ? 0 : pads[0] + pads[1]);
        if (out < 1 || out > Integer.MAX_VALUE) {
            throw graph.refuse(n.describe() + ": a 1-D ConvTranspose of " + steps + " steps gives " + out + " steps");
        }
        Conv1DTransposeConfig layer = null;
        for (Padding p : List.of(Padding.VALID, Padding.SAME)) {
            // Keras's length with an output padding x is (steps - 1)·s + keff - 2·pad + x (pad 0 valid, keff / 2
            // same): the one x that could give the node's length, and Keras's own length without one (null).
            long pad = p == Padding.SAME ? keff / 2 : 0;
            long x = out - ((steps - 1) * s + keff - 2 * pad);
            for (Integer extra : x >= 0 && x < s ? new Integer[] {null, (int) x} : new Integer[] {null}) {
                Conv1DTransposeConfig c;
                try {
                    c = Layers.conv1dTranspose(w.dim(1), k).withStrides(s).withDilationRate(d).withPadding(p)
                            .withOutputPadding(extra);
                } catch (IllegalArgumentException e) {
                    continue; // strides and dilation together, or an output padding the layer cannot have
                }
                if (layer == null && c.outputLength((int) steps) == out && p.padLeft((int) out, k, s, d) == lead
                        && p.outputLength((int) out, k, s, d) == steps) {
                    layer = c;
                }
            }
        }
        if (layer == null) {
            throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " and output_padding "
                    + Arrays.toString(op) + " on a sequence of " + steps + " steps give no Keras Conv1DTranspose "
                    + "(valid or same, output padding below the stride)");
        }
        Map<WeightKey, Tensor> weights = new HashMap<>();
        weights.put(WeightKey.of(WeightRole.KERNEL), kernel(w));
        if (b != null) {
            weights.put(WeightKey.of(WeightRole.BIAS), b.tensor());
        }
        chain.add(layer.withDataFormat(chain.channelsFirstSequence ? DataFormat.CHANNELS_FIRST
                : DataFormat.CHANNELS_LAST).withUseBias(b != null), weights, LayerChain.weightKey(n, graph));
        chain.inputFeatures = w.dim(1);
        chain.steps = out;
        chain.lstmIndex = -1;
        chain.denseOpen = true;
        chain.moveTo(n, Form.CHANNEL_SEQ);
    }

    /** A 1-D node's {@code strides} or {@code dilations}: one positive value, 1 when absent; else a refusal. */
    static int single(ConversionGraph graph, NodeContext n, String name) throws UnsupportedOnnxException {
        long[] v = n.attrInts(name);
        if (v == null) {
            return 1;
        }
        if (v.length != 1 || v[0] < 1 || v[0] > Integer.MAX_VALUE) {
            throw graph.refuse(n.describe() + ": " + name + " " + Arrays.toString(v) + " must be one positive value");
        }
        return (int) v[0];
    }

    /** ONNX {@code W[c, f, j]} as the engine's {@code kernel[j, f, c]}. */
    private static Tensor kernel(Value w) {
        int ch = w.dim(0);
        int f = w.dim(1);
        int k = w.dim(2);
        float[] src = w.floats();
        float[] dst = new float[src.length];
        for (int i = 0; i < ch; i++) {
            for (int o = 0; o < f; o++) {
                for (int j = 0; j < k; j++) {
                    dst[(j * f + o) * ch + i] = src[(i * f + o) * k + j];
                }
            }
        }
        return Tensor.wrap(Shape.of(k, f, ch), dst);
    }
}
