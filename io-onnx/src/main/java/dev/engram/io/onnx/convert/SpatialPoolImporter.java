package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.SpatialPoolingConfig;
import dev.engram.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Images: a 2-D {@code MaxPool} / {@code AveragePool} as a MaxPooling2D / AveragePooling2D layer, in
 * the layouts {@link ConvImporter} follows (channels-last between the Transposes to and from NCHW, or a
 * channels-first image). The window maps when it is TF's: no padding (valid) or TF's same split with the
 * odd pixel at the end (also {@code auto_pad SAME_UPPER}); the average must leave padding out of the
 * count ({@code count_include_pad 0}, the default) as TF does; {@code ceil_mode}, dilations and a used
 * {@code Indices} output have no layer and are refused. A 1-D window (a sequence pooled over time) goes to
 * {@link WindowPoolingImporter}: the registry keys one importer per op.
 */
final class SpatialPoolImporter extends OnnxNodeImporter {
    private final WindowPoolingImporter sequence;

    SpatialPoolImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "MaxPool/AveragePool (1-D over a channels-first sequence's time axis, or 2-D of an image;"
                + " TF's valid or same padding)", List.of("MaxPool", "AveragePool"));
        this.sequence = new WindowPoolingImporter(graph, chain);
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        long[] window = n.attrInts("kernel_shape");
        if (window != null && window.length == 1) {
            sequence.apply(n);
            return;
        }
        boolean channelsLast = chain.form == Form.IMAGE_NCHW;
        if (!channelsLast && !(chain.form == Form.IMAGE && chain.imageFormat == DataFormat.CHANNELS_FIRST)) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a pooling layer only on an NCHW image (a "
                    + "channels-first model input, or a channels-last image between Transposes [0, 3, 1, 2] and "
                    + "[0, 2, 3, 1])");
        }
        long[] kernel = n.attrInts("kernel_shape");
        if (kernel == null || kernel.length != 2) {
            throw graph.refuse(n.describe() + ": only a 2-D pool (kernel_shape of 2) maps to a pooling layer");
        }
        int[] k = graph.axisPair(n, "kernel_shape");
        int[] s = graph.axisPair(n, "strides");
        long[] dil = n.attrInts("dilations");
        boolean max = n.opType().equals("MaxPool");
        if (n.attrInt("ceil_mode", 0) != 0 || dil != null && Arrays.stream(dil).anyMatch(v -> v != 1)
                || max && n.node().getOutputCount() > 1 && !n.node().getOutput(1).isEmpty()) {
            throw graph.refuse(n.describe() + ": ceil_mode, dilations and the Indices output have no pooling layer");
        }
        Padding padding = padding(n, k, s);
        if (!max && padding == Padding.SAME && n.attrInt("count_include_pad", 0) != 0) {
            throw graph.refuse(n.describe() + ": count_include_pad 1 averages the padding in; TF's (and the layer's) "
                    + "same-padded average divides by the real pixels only");
        }
        SpatialPoolingConfig config;
        try {
            config = SpatialPoolingConfig.of(max ? PoolingMode.MAX : PoolingMode.AVERAGE, k[0], k[1])
                    .withStrides(s[0], s[1]).withPadding(padding)
                    .withDataFormat(channelsLast ? DataFormat.CHANNELS_LAST : DataFormat.CHANNELS_FIRST);
        } catch (IllegalArgumentException e) {
            throw graph.refuse(n.describe() + ": " + e.getMessage());
        }
        chain.add(config, Map.of(), "");
        for (int a = 0; a < 2; a++) {
            int size = chain.imageSize[a];
            chain.imageSize[a] = padding.outputLength(size, k[a], s[a], 1);
        }
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(n, chain.form);
    }

    /** VALID or SAME when the node pads as TF does; a refusal naming the pads otherwise. */
    private Padding padding(NodeContext n, int[] k, int[] s) throws UnsupportedOnnxException {
        String auto = n.attrString("auto_pad", "NOTSET");
        if (auto.equals("VALID")) {
            return Padding.VALID;
        }
        if (auto.equals("SAME_UPPER")) {
            return Padding.SAME;
        }
        if (!auto.equals("NOTSET") && !auto.isEmpty()) {
            throw graph.refuse(n.describe() + ": auto_pad " + auto + " pads the odd pixel at the start, unlike Keras "
                    + "and TF.js's same padding");
        }
        long[] pads = n.attrInts("pads");
        if (pads == null || Arrays.stream(pads).allMatch(p -> p == 0)) {
            return Padding.VALID;
        }
        boolean same = pads.length == 4;
        for (int a = 0; same && a < 2; a++) {
            int size = chain.imageSize[a];
            if (s[a] != 1 && size == Shape.UNKNOWN) {
                same = false;
                break;
            }
            int total = s[a] == 1 ? k[a] - 1
                    : Math.max((Padding.SAME.outputLength(size, k[a], s[a], 1) - 1) * s[a] + k[a] - size, 0);
            same = pads[a] == total / 2 && pads[a + 2] == total - total / 2;
        }
        if (!same) {
            throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " on a "
                    + Arrays.toString(chain.imageSize) + " image are neither none (valid) nor TF's same padding");
        }
        return Padding.SAME;
    }
}
