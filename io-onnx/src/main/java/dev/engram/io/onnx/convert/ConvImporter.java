package dev.engram.io.onnx.convert;

import dev.engram.activations.Activation;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Conv2DConfig;
import dev.engram.layers.Conv2DTransposeConfig;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DepthwiseConv2DConfig;
import dev.engram.layers.LayerConfig;
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
 * Images: a 2-D {@code Conv} (constant weights) as a Conv2D layer ({@code group} G as Conv2D
 * {@code groups}; G = the input channels with one input channel per group: a DepthwiseConv2D) and
 * {@code Flatten} of an
 * image (or tf2onnx's {@code Reshape} to {@code [batch, -1]}, read through the Reshape importer) as a
 * Flatten layer. ONNX's Conv is NCHW: on a graph whose input feeds a Transpose
 * {@code [0, 3, 1, 2]} (Engram's and tf2onnx's form of a channels-last model) the Conv sits between
 * that Transpose and its inverse and becomes a channels-last Conv2D; on a graph whose input is NCHW
 * (PyTorch's) it becomes a channels-first Conv2D. {@code W[o, i, a, b]} becomes
 * {@code kernel[a, b, i, o]}. Padding maps when it is TF's: none (valid), or per axis
 * {@code max((ceil(H / s) - 1)·s + e - H, 0)} split with the odd pixel at the end (same, also
 * {@code auto_pad SAME_UPPER}); other pads (e.g. PyTorch's symmetric pads with stride 2) are refused.
 */
final class ConvImporter extends OnnxNodeImporter {
    ConvImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "Conv (1-D and 2-D, any group) and ConvTranspose (1-D and 2-D, group 1) with Keras's "
                + "padding, and Flatten of an image",
                List.of("Conv", "ConvTranspose", "Flatten"));
    }

    /**
     * The walk from an image input {@code [batch, d1, d2, d3]}: channels-last when the input's only
     * reader is a Transpose to NCHW, else channels-first (ONNX's own layout).
     */
    static LayerChain startAt(String input, int[] perSample, List<NodeContext> readers) {
        boolean last = readers.size() == 1 && readers.get(0).opType().equals("Transpose")
                && Arrays.equals(readers.get(0).attrInts("perm"), new long[] {0, 3, 1, 2});
        LayerChain chain = new LayerChain(input, Form.IMAGE);
        chain.imageFormat = last ? DataFormat.CHANNELS_LAST : DataFormat.CHANNELS_FIRST;
        chain.imageSize = last ? new int[] {perSample[0], perSample[1]} : new int[] {perSample[1], perSample[2]};
        chain.perSample = perSample;
        chain.inputFeatures = perSample[last ? 2 : 0];
        return chain;
    }

    /** True when {@code perm} moves a channels-last image to NCHW or back, given the walk's form. */
    static boolean imageTranspose(LayerChain chain, long[] perm) {
        return chain.form == Form.IMAGE && chain.imageFormat == DataFormat.CHANNELS_LAST
                && Arrays.equals(perm, new long[] {0, 3, 1, 2})
                || chain.form == Form.IMAGE_NCHW && Arrays.equals(perm, new long[] {0, 2, 3, 1});
    }

    /** The activation of a layer an activation node may fold into (Dense, Conv2D, Conv2DTranspose), or null. */
    static Activation activation(LayerConfig<?> c) {
        if (c instanceof Conv2DTransposeConfig t) {
            return t.activation();
        }
        if (c instanceof dev.engram.layers.Conv3DConfig v) {
            return v.activation();
        }
        if (c instanceof dev.engram.layers.Conv1DTransposeConfig t1) {
            return t1.activation();
        }
        if (c instanceof dev.engram.layers.Conv1DConfig c1) {
            return c1.activation();
        }
        if (c instanceof DepthwiseConv2DConfig dw) {
            return dw.activation();
        }
        return c instanceof DenseConfig d ? d.activation() : c instanceof Conv2DConfig cv ? cv.activation() : null;
    }

    /** {@code c} (a Dense, Conv2D or Conv2DTranspose config) with activation {@code a}. */
    static LayerConfig<?> withActivation(LayerConfig<?> c, Activation a) {
        if (c instanceof Conv2DTransposeConfig t) {
            return t.withActivation(a);
        }
        if (c instanceof dev.engram.layers.Conv3DConfig v) {
            return v.withActivation(a);
        }
        if (c instanceof dev.engram.layers.Conv1DTransposeConfig t1) {
            return t1.withActivation(a);
        }
        if (c instanceof dev.engram.layers.Conv1DConfig c1) {
            return c1.withActivation(a);
        }
        if (c instanceof DepthwiseConv2DConfig dw) {
            return dw.withActivation(a);
        }
        return c instanceof Conv2DConfig cv ? cv.withActivation(a) : ((DenseConfig) c).withActivation(a);
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        switch (n.opType()) {
            case "Flatten" -> flatten(graph, chain, n);
            case "ConvTranspose" -> convTranspose(n);
            default -> conv(n);
        }
    }

    /**
     * Flatten (axis 1), or Reshape to {@code [batch, H·W·C]} ({@code -1} or {@code 0} for the batch, or
     * {@code [0, -1]}), of an image in the model's own layout or of a batch-major sequence: a Flatten layer.
     */
    static void flatten(ConversionGraph graph, LayerChain chain, NodeContext n) throws UnsupportedOnnxException {
        boolean sequence = chain.form == Form.CHANNEL_SEQ && chain.channelsFirstSequence;
        // A batch-major sequence [batch, steps, features] flattens in memory order too (tf2onnx's Flatten after a
        // Conv1D or a sequence-returning layer).
        boolean batchMajor = chain.form == Form.BATCH_SEQ && !chain.inputOrderReverse && !chain.reversedInput;
        boolean ok = chain.form == Form.IMAGE || chain.form == Form.VOLUME || sequence || batchMajor;
        long width = batchMajor ? chain.vecWidth() : chain.inputFeatures;
        // Other forms (a transposed sequence) have no sizes here: refused below.
        for (int d : !ok ? new int[0] : sequence || batchMajor ? new int[] {(int) chain.steps} : chain.imageSize) {
            width = d < 0 || width < 0 ? -1 : width * d;
        }
        if (n.opType().equals("Flatten")) {
            ok &= n.attrInt("axis", 1) == 1;
        } else {
            long[] shape = graph.longs(n.node().getInput(1), n);
            ok &= n.attrInt("allowzero", 0) == 0 && shape.length == 2
                    && (shape[0] == 0 && (shape[1] == -1 || shape[1] == width)
                    || shape[0] == -1 && width > 0 && shape[1] == width);
        }
        if (!ok) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a Flatten layer only as [batch, H*W*C] of "
                    + "an image in the model's own layout (not of a channels-last image transposed to NCHW, whose "
                    + "order differs)");
        }
        chain.flatWidth = width;
        chain.add(Layers.flatten(), Map.of(), "");
        chain.moveTo(n, Form.VEC);
    }

    private void conv(NodeContext n) throws UnsupportedOnnxException {
        Value w0 = graph.constValue(n.node().getInput(1));
        if (w0 != null && w0.rank() == 5) {
            VolumeConv.conv3d(graph, chain, n, w0);
            return;
        }
        if (w0 != null && w0.rank() == 3) {
            SequenceConv.conv1d(graph, chain, n, w0);
            return;
        }
        boolean channelsLast = chain.form == Form.IMAGE_NCHW;
        if (!channelsLast && !(chain.form == Form.IMAGE && chain.imageFormat == DataFormat.CHANNELS_FIRST)) {
            throw graph.refuse(n.describe() + ": Conv maps to Conv2D only on an NCHW image (a channels-first model "
                    + "input, or a channels-last image between Transposes [0, 3, 1, 2] and [0, 2, 3, 1])");
        }
        Value w = graph.constValue(n.node().getInput(1));
        if (w == null || w.rank() != 4) {
            throw graph.refuse(n.describe() + ": only a 2-D Conv with constant weights W [M, C, kh, kw] maps to Conv2D");
        }
        long group = group(graph, chain, n, w, "kh, kw");
        boolean depthwise = group != 1 && group == chain.inputFeatures && w.dim(1) == 1 && w.dim(0) % group == 0;
        Value b = bias(graph, n);
        int filters = w.dim(0);
        int[] k = {w.dim(2), w.dim(3)};
        int[] s = graph.axisPair(n, "strides");
        int[] d = graph.axisPair(n, "dilations");
        Padding padding = padding(n, k, s, d);
        Conv2DWindow window;
        try {
            window = new Conv2DWindow(k[0], k[1], s[0], s[1], d[0], d[1], padding);
        } catch (IllegalArgumentException e) {
            throw graph.refuse(n.describe() + ": " + e.getMessage());
        }
        Map<WeightKey, Tensor> weights = new HashMap<>();
        Tensor kernel = kernel(w);
        if (b != null) {
            weights.put(WeightKey.of(WeightRole.BIAS), b.tensor());
        }
        DataFormat format = channelsLast ? DataFormat.CHANNELS_LAST : DataFormat.CHANNELS_FIRST;
        if (depthwise) {
            // [kh, kw, 1, C·M] is the depthwise kernel [kh, kw, C, M] in memory.
            int mult = filters / (int) group;
            weights.put(WeightKey.of(WeightRole.DEPTHWISE_KERNEL), Tensor.wrap(Shape.of(k[0], k[1], (int) group, mult),
                    kernel.buffer()));
            chain.add(Layers.depthwiseConv2d(k[0], k[1]).withDepthMultiplier(mult).withWindow(window)
                    .withDataFormat(format).withUseBias(b != null), weights, LayerChain.weightKey(n, graph));
        } else {
            weights.put(WeightKey.of(WeightRole.KERNEL), kernel);
            chain.add(Layers.conv2d(filters, k[0], k[1]).withWindow(window).withDataFormat(format)
                    .withGroups((int) group).withUseBias(b != null), weights, LayerChain.weightKey(n, graph));
        }
        chain.inputFeatures = filters;
        chain.imageSize = new int[] {outSize(chain.imageSize[0], window.outputHeight(chain.imageSize[0])),
            outSize(chain.imageSize[1], window.outputWidth(chain.imageSize[1]))};
        chain.lstmIndex = -1;
        chain.denseOpen = true;
        chain.moveTo(n, chain.form);
    }

    private static int outSize(int in, int out) {
        return in == Shape.UNKNOWN ? Shape.UNKNOWN : out;
    }

    /** ONNX {@code W[o, i, a, b]} as the engine's {@code kernel[a, b, i, o]}. */
    private static Tensor kernel(Value w) {
        int f = w.dim(0);
        int ch = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        float[] src = w.floats();
        float[] dst = new float[src.length];
        for (int o = 0; o < f; o++) {
            for (int i = 0; i < ch; i++) {
                for (int a = 0; a < kh; a++) {
                    for (int bb = 0; bb < kw; bb++) {
                        dst[((a * kw + bb) * ch + i) * f + o] = src[((o * ch + i) * kh + a) * kw + bb];
                    }
                }
            }
        }
        return Tensor.wrap(Shape.of(kh, kw, ch, f), dst);
    }

    /**
     * ConvTranspose as Conv2DTranspose: kernel {@code W[c, f, a, b]} to {@code [a, b, f, c]}; the node's
     * output size and leading pad must be those of a Keras layer (valid or same, with or without an
     * output padding below the stride), found by trying each; needs a known image size.
     */
    private void convTranspose(NodeContext n) throws UnsupportedOnnxException {
        Value w1 = graph.constValue(n.node().getInput(1));
        if (w1 != null && w1.rank() == 3) {
            SequenceConvTranspose.convTranspose1d(graph, chain, n, w1);
            return;
        }
        boolean channelsLast = chain.form == Form.IMAGE_NCHW;
        if (!channelsLast && !(chain.form == Form.IMAGE && chain.imageFormat == DataFormat.CHANNELS_FIRST)) {
            throw graph.refuse(n.describe() + ": ConvTranspose maps to Conv2DTranspose only on an NCHW image");
        }
        Value w = graph.constValue(n.node().getInput(1));
        if (w == null || w.rank() != 4 || n.attrInt("group", 1) != 1) {
            throw graph.refuse(n.describe() + ": only a 2-D ConvTranspose of group 1 with constant weights W [C, M, kh, "
                    + "kw] maps to Conv2DTranspose");
        }
        boolean hasBias = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty();
        Value b = hasBias ? graph.constValue(n.node().getInput(2)) : null;
        if (hasBias && b == null) {
            throw graph.refuse(n.describe() + ": the bias B must be a constant");
        }
        int[] size = chain.imageSize;
        String auto = n.attrString("auto_pad", "NOTSET");
        if (size[0] == Shape.UNKNOWN || size[1] == Shape.UNKNOWN || n.attrInts("output_shape") != null
                || !(auto.equals("NOTSET") || auto.isEmpty())) {
            throw graph.refuse(n.describe() + ": ConvTranspose maps to Conv2DTranspose only with explicit pads on an "
                    + "image of known size (here " + Arrays.toString(size) + ")");
        }
        int[] k = {w.dim(2), w.dim(3)};
        int[] s = graph.axisPair(n, "strides");
        int[] d = graph.axisPair(n, "dilations");
        long[] pads = n.attrInts("pads");
        long[] op = n.attrInts("output_padding");
        int[] out = new int[2];
        for (int axis = 0; axis < 2; axis++) {
            long full = (long) s[axis] * (size[axis] - 1) + (long) (k[axis] - 1) * d[axis] + 1
                    + (op == null ? 0 : op[axis]);
            out[axis] = (int) (full - (pads == null ? 0 : pads[axis] + pads[axis + 2]));
        }
        Conv2DTransposeConfig layer = null;
        for (Padding p : List.of(Padding.VALID, Padding.SAME)) {
            for (int oph = -1; oph < s[0] && layer == null; oph++) {
                for (int opw = -1; opw < s[1] && layer == null; opw++) {
                    if ((oph < 0) != (opw < 0)) {
                        continue;
                    }
                    Conv2DTransposeConfig c;
                    try {
                        c = Layers.conv2dTranspose(w.dim(1), k[0], k[1]).withWindow(new Conv2DWindow(k[0], k[1], s[0], s[1],
                                d[0], d[1], p)).withOutputPadding(oph < 0 ? null : new Conv2DTransposeConfig.OutputPadding(
                                        oph, opw));
                    } catch (IllegalArgumentException e) {
                        throw graph.refuse(n.describe() + ": " + e.getMessage());
                    }
                    if (matches(c, size, out, pads)) {
                        layer = c;
                    }
                }
            }
        }
        if (layer == null) {
            throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " and output_padding "
                    + Arrays.toString(op) + " on a " + Arrays.toString(size) + " image give no Keras Conv2DTranspose "
                    + "(valid or same, output padding below the stride)");
        }
        Map<WeightKey, Tensor> weights = new HashMap<>();
        weights.put(WeightKey.of(WeightRole.KERNEL), transposeKernel(w));
        if (b != null) {
            weights.put(WeightKey.of(WeightRole.BIAS), b.tensor());
        }
        chain.add(layer.withDataFormat(channelsLast ? DataFormat.CHANNELS_LAST : DataFormat.CHANNELS_FIRST)
                .withUseBias(b != null), weights, LayerChain.weightKey(n, graph));
        chain.inputFeatures = w.dim(1);
        chain.imageSize = out;
        chain.lstmIndex = -1;
        chain.denseOpen = true;
        chain.moveTo(n, chain.form);
    }

    /** True when layer {@code c} on an image of {@code size} gives {@code out} pixels with {@code pads}' leading pads. */
    private static boolean matches(Conv2DTransposeConfig c, int[] size, int[] out, long[] pads) {
        Conv2DWindow w = c.window();
        return c.outputHeight(size[0]) == out[0] && c.outputWidth(size[1]) == out[1]
                && w.padding().padLeft(out[0], w.kernelHeight(), w.strideHeight(), w.dilationHeight())
                        == (pads == null ? 0 : pads[0])
                && w.padding().padLeft(out[1], w.kernelWidth(), w.strideWidth(), w.dilationWidth())
                        == (pads == null ? 0 : pads[1])
                && w.outputHeight(out[0]) == size[0] && w.outputWidth(out[1]) == size[1];
    }

    /** ONNX {@code W[c, f, a, b]} as the engine's {@code kernel[a, b, f, c]}. */
    private static Tensor transposeKernel(Value w) {
        int ch = w.dim(0);
        int f = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        float[] src = w.floats();
        float[] dst = new float[src.length];
        for (int i = 0; i < ch; i++) {
            for (int o = 0; o < f; o++) {
                for (int a = 0; a < kh; a++) {
                    for (int bb = 0; bb < kw; bb++) {
                        dst[((a * kw + bb) * f + o) * ch + i] = src[((i * f + o) * kh + a) * kw + bb];
                    }
                }
            }
        }
        return Tensor.wrap(Shape.of(kh, kw, f, ch), dst);
    }

    /** VALID or SAME when the node's padding is TF's; a refusal naming the pads otherwise. */
    private Padding padding(NodeContext n, int[] k, int[] s, int[] d) throws UnsupportedOnnxException {
        Padding auto = autoPad(graph, n, "pixel");
        if (auto != null) {
            return auto;
        }
        long[] pads = n.attrInts("pads");
        if (pads == null || Arrays.stream(pads).allMatch(p -> p == 0)) {
            return Padding.VALID;
        }
        if (pads.length == 4) {
            boolean same = true;
            for (int axis = 0; axis < 2; axis++) {
                int[] tf = samePads(chain.imageSize[axis], k[axis], s[axis], d[axis]);
                same &= tf != null && pads[axis] == tf[0] && pads[axis + 2] == tf[1];
            }
            if (same) {
                return Padding.SAME;
            }
        }
        throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " on a " + Arrays.toString(chain.imageSize)
                + " image are neither none (valid) nor TF's same padding (the odd pixel at the end); no Conv2D pads so");
    }

    /**
     * A Conv node's {@code group}, which must split the walk's input channels and W {@code [M, C/group, taps]} with
     * M divisible by it ({@code taps} names the kernel axes in the refusal).
     */
    static long group(ConversionGraph graph, LayerChain chain, NodeContext n, Value w, String taps)
            throws UnsupportedOnnxException {
        long group = n.attrInt("group", 1);
        if (group < 1 || w.dim(0) % group != 0 || (long) w.dim(1) * group != chain.inputFeatures) {
            throw graph.refuse(n.describe() + ": group " + group + " does not split the " + chain.inputFeatures
                    + " input channels and W " + Arrays.toString(w.shape()) + " (need W [M, C/group, " + taps
                    + "] with M divisible by group)");
        }
        return group;
    }

    /** A Conv or ConvTranspose node's bias B: null when absent; refused unless constant. */
    static Value bias(ConversionGraph graph, NodeContext n) throws UnsupportedOnnxException {
        boolean hasBias = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty();
        Value b = hasBias ? graph.constValue(n.node().getInput(2)) : null;
        if (hasBias && b == null) {
            throw graph.refuse(n.describe() + ": the bias B must be a constant");
        }
        return b;
    }

    /**
     * A convolution's {@code auto_pad}: VALID as valid, SAME_UPPER as same (TF's split), null when NOTSET (the
     * explicit pads decide); SAME_LOWER is refused (it puts the odd {@code unit} at the start).
     */
    static Padding autoPad(ConversionGraph graph, NodeContext n, String unit) throws UnsupportedOnnxException {
        String auto = n.attrString("auto_pad", "NOTSET");
        return switch (auto) {
            case "VALID" -> Padding.VALID;
            case "SAME_UPPER" -> Padding.SAME;
            case "NOTSET", "" -> null;
            default -> throw graph.refuse(n.describe() + ": auto_pad " + auto + " pads the odd " + unit + " at the "
                    + "start, unlike Keras and TF.js's same padding");
        };
    }

    /** TF's same padding {before, after} of one axis, or null when it depends on an unknown size. */
    private static int[] samePads(int size, int k, int s, int d) {
        int eff = (k - 1) * d + 1;
        if (s != 1 && size == Shape.UNKNOWN) {
            return null;
        }
        int total = s == 1 ? eff - 1 : Math.max((Padding.SAME.outputLength(size, k, s, d) - 1) * s + eff - size, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
