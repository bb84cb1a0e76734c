package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Conv3DWindow;
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
 * Volumes: a 3-D {@code Conv} (constant weights; {@code group} as Conv3D {@code groups}) as a Conv3D layer. Like {@link ConvImporter}'s images, a
 * graph input {@code [batch, d1, d2, d3, d4]} is channels-last when its only reader is a Transpose
 * {@code [0, 4, 1, 2, 3]} (tf2onnx's form of a Keras Conv3D, which transposes back with {@code [0, 2, 3, 4, 1]}) and
 * channels-first otherwise (PyTorch's NCDHW). {@code W[o, i, a, b, c]} becomes {@code kernel[a, b, c, i, o]}; padding
 * maps when it is none (valid) or TF's same split on every axis (the odd cell at the end), else the node is refused.
 * Called by ConvImporter (which owns Conv) and LayoutImporter (Transpose); Flatten of a volume is ConvImporter's.
 */
final class VolumeConv {
    private static final long[] TO_NCDHW = {0, 4, 1, 2, 3};
    private static final long[] TO_NDHWC = {0, 2, 3, 4, 1};

    private VolumeConv() {
    }

    /** The walk from a volume input {@code [batch, d1, d2, d3, d4]} (per sample: 4 values). */
    static LayerChain startAt(String input, int[] perSample, List<NodeContext> readers) {
        boolean last = readers.size() == 1 && readers.get(0).opType().equals("Transpose")
                && Arrays.equals(readers.get(0).attrInts("perm"), TO_NCDHW);
        LayerChain chain = new LayerChain(input, Form.VOLUME);
        chain.imageFormat = last ? DataFormat.CHANNELS_LAST : DataFormat.CHANNELS_FIRST;
        chain.imageSize = last ? Arrays.copyOfRange(perSample, 0, 3) : Arrays.copyOfRange(perSample, 1, 4);
        chain.perSample = perSample;
        chain.inputFeatures = perSample[last ? 3 : 0];
        return chain;
    }

    /** The form after Transpose {@code perm} of a channels-last volume to NCDHW or back, or null. */
    static Form transposed(LayerChain chain, long[] perm) {
        if (chain.form == Form.VOLUME && chain.imageFormat == DataFormat.CHANNELS_LAST && Arrays.equals(perm, TO_NCDHW)) {
            return Form.VOLUME_NCDHW;
        }
        return chain.form == Form.VOLUME_NCDHW && Arrays.equals(perm, TO_NDHWC) ? Form.VOLUME : null;
    }

    /** A 3-D Conv on an NCDHW volume as Conv3D; {@code w} is the node's constant weight of rank 5. */
    static void conv3d(ConversionGraph graph, LayerChain chain, NodeContext n, Value w) throws UnsupportedOnnxException {
        boolean channelsLast = chain.form == Form.VOLUME_NCDHW;
        if (!channelsLast && !(chain.form == Form.VOLUME && chain.imageFormat == DataFormat.CHANNELS_FIRST)) {
            throw graph.refuse(n.describe() + ": a 3-D Conv maps to Conv3D only on an NCDHW volume (a channels-first "
                    + "model input, or a channels-last volume between Transposes [0, 4, 1, 2, 3] and [0, 2, 3, 4, 1])");
        }
        long group = n.attrInt("group", 1);
        if (group != 1 && (group < 1 || w.dim(0) % group != 0 || (long) w.dim(1) * group != chain.inputFeatures)) {
            throw graph.refuse(n.describe() + ": group " + group + " does not split the " + chain.inputFeatures
                    + " input channels and W " + Arrays.toString(w.shape()) + " (need W [M, C/group, kd, kh, kw] with M"
                    + " divisible by group)");
        }
        boolean hasBias = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty();
        Value b = hasBias ? graph.constValue(n.node().getInput(2)) : null;
        if (hasBias && b == null) {
            throw graph.refuse(n.describe() + ": the bias B must be a constant");
        }
        int[] k = {w.dim(2), w.dim(3), w.dim(4)};
        int[] s = perAxis(graph, n, "strides");
        int[] d = perAxis(graph, n, "dilations");
        Conv3DWindow window;
        try {
            window = new Conv3DWindow(k[0], k[1], k[2], s[0], s[1], s[2], d[0], d[1], d[2],
                    padding(graph, chain, n, k, s, d));
        } catch (IllegalArgumentException e) {
            throw graph.refuse(n.describe() + ": " + e.getMessage());
        }
        Map<WeightKey, Tensor> weights = new HashMap<>();
        weights.put(WeightKey.of(WeightRole.KERNEL), kernel(w));
        if (b != null) {
            weights.put(WeightKey.of(WeightRole.BIAS), b.tensor());
        }
        chain.add(Layers.conv3d(w.dim(0), k[0], k[1], k[2]).withWindow(window)
                .withDataFormat(channelsLast ? DataFormat.CHANNELS_LAST : DataFormat.CHANNELS_FIRST)
                .withUseBias(b != null).withGroups((int) group), weights, LayerChain.weightKey(n, graph));
        int[] size = chain.imageSize;
        int[] out = {window.outputDepth(size[0]), window.outputHeight(size[1]), window.outputWidth(size[2])};
        for (int a = 0; a < 3; a++) {
            chain.imageSize[a] = size[a] == Shape.UNKNOWN ? Shape.UNKNOWN : out[a];
        }
        chain.inputFeatures = w.dim(0);
        chain.lstmIndex = -1;
        chain.denseOpen = true;
        chain.moveTo(n, chain.form);
    }

    /** ONNX {@code W[o, i, a, b, c]} as the engine's {@code kernel[a, b, c, i, o]}. */
    private static Tensor kernel(Value w) {
        int f = w.dim(0);
        int ch = w.dim(1);
        int taps = w.dim(2) * w.dim(3) * w.dim(4);
        float[] src = w.floats();
        float[] dst = new float[src.length];
        for (int o = 0; o < f; o++) {
            for (int i = 0; i < ch; i++) {
                for (int t = 0; t < taps; t++) {
                    dst[(t * ch + i) * f + o] = src[(o * ch + i) * taps + t];
                }
            }
        }
        return Tensor.wrap(Shape.of(w.dim(2), w.dim(3), w.dim(4), ch, f), dst);
    }

    private static int[] perAxis(ConversionGraph graph, NodeContext n, String name) throws UnsupportedOnnxException {
        long[] v = n.attrInts(name);
        if (v == null) {
            return new int[] {1, 1, 1};
        }
        if (v.length != 3 || Arrays.stream(v).anyMatch(x -> x < 1 || x > Integer.MAX_VALUE)) {
            throw graph.refuse(n.describe() + ": " + name + " " + Arrays.toString(v) + " must be three positive values");
        }
        return new int[] {(int) v[0], (int) v[1], (int) v[2]};
    }

    /** VALID or SAME when the node's padding is TF's on every axis; a refusal naming the pads otherwise. */
    private static Padding padding(ConversionGraph graph, LayerChain chain, NodeContext n, int[] k, int[] s, int[] d)
            throws UnsupportedOnnxException {
        String auto = n.attrString("auto_pad", "NOTSET");
        if (auto.equals("VALID")) {
            return Padding.VALID;
        }
        if (auto.equals("SAME_UPPER")) {
            return Padding.SAME;
        }
        long[] pads = n.attrInts("pads");
        if ((auto.equals("NOTSET") || auto.isEmpty())
                && (pads == null || Arrays.stream(pads).allMatch(p -> p == 0))) {
            return Padding.VALID;
        }
        boolean same = (auto.equals("NOTSET") || auto.isEmpty()) && pads.length == 6;
        for (int a = 0; same && a < 3; a++) {
            int size = chain.imageSize[a];
            int eff = (k[a] - 1) * d[a] + 1;
            if (s[a] != 1 && size == Shape.UNKNOWN) {
                same = false;
                break;
            }
            int total = s[a] == 1 ? eff - 1
                    : Math.max((Padding.SAME.outputLength(size, k[a], s[a], d[a]) - 1) * s[a] + eff - size, 0);
            same = pads[a] == total / 2 && pads[a + 3] == total - total / 2;
        }
        if (!same) {
            throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " (auto_pad " + auto + ") on a "
                    + Arrays.toString(chain.imageSize) + " volume are neither none (valid) nor TF's same padding (the "
                    + "odd cell at the end); no Conv3D pads so");
        }
        return Padding.SAME;
    }
}
