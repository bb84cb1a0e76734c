package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.Conv1DTransposeConfig;
import dev.engram.layers.Conv2DConfig;
import dev.engram.layers.Conv2DTransposeConfig;
import dev.engram.layers.Conv3DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code Add} of a constant right after a convolution or dense layer that has no bias (TF's separate BiasAdd, which
 * tf2onnx keeps as an Add after a Conv1D / Conv1DTranspose): the layer's bias, when the constant holds one value per
 * output channel along the channel axis of the ONNX layout followed (or one value for all). Any other Add of a
 * constant has no layer form and is refused naming the node; an Add of two computed values is a merge (NetworkConverter).
 */
final class BiasImporter extends OnnxNodeImporter {
    BiasImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "Add of a per-channel constant as the bias of the convolution or dense layer before it",
                List.of("Add"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        List<String> in = n.node().getInputList();
        String other = in.size() == 2 ? in.get(0).equals(chain.cur) ? in.get(1) : in.get(0) : null;
        Value c = other == null ? null : graph.constValue(other);
        int last = chain.configs.size() - 1;
        LayerConfig config = last < 0 ? null : chain.configs.get(last);
        int channels = config == null ? -1 : channels(config);
        Integer axis = channelAxis();
        float[] bias = c == null || !chain.afterDense || channels < 1 || axis == null ? null
                : perChannel(c, axis, channels);
        LayerConfig withBias = bias == null ? null : withBias(config);
        if (withBias == null) {
            throw graph.refuse(n.describe() + ": an Add of a constant maps only as the bias of the convolution or dense "
                    + "layer right before it (one that has none), with one value per output channel");
        }
        Map<WeightKey, Tensor> w = new HashMap<>(chain.weights.get(last));
        w.put(WeightKey.of(WeightRole.BIAS), Tensor.wrap(Shape.of(channels), bias));
        chain.configs.set(last, withBias);
        chain.weights.set(last, w);
        chain.keys.set(last, chain.keys.get(last) + "|" + other);
        chain.denseOpen = true;
        chain.moveTo(n, chain.form);
    }

    /** The channel axis of the ONNX layout followed, counted from the end; null where no layer's output is. */
    private Integer channelAxis() {
        boolean first = chain.imageFormat == DataFormat.CHANNELS_FIRST;
        return switch (chain.form) {
            case VEC, BATCH_SEQ, ROWS -> 1;
            case CHANNEL_SEQ -> 2;
            case IMAGE -> first ? 3 : 1;
            case IMAGE_NCHW -> 3;
            case VOLUME -> first ? 4 : 1;
            case VOLUME_NCDHW -> 4;
            default -> null;
        };
    }

    /** The constant as one bias per channel, or null when it varies along any other axis. */
    private static float[] perChannel(Value c, int axis, int channels) {
        int[] s = c.shape();
        for (int t = 1; t <= s.length; t++) {
            int dim = s[s.length - t];
            if (t == axis ? dim != channels && dim != 1 : dim != 1) {
                return null;
            }
        }
        float[] b = new float[channels];
        float[] v = c.floats();
        for (int i = 0; i < channels; i++) {
            b[i] = v[v.length == 1 ? 0 : i];
        }
        return b;
    }

    private static int channels(LayerConfig c) {
        return c instanceof DenseConfig d ? d.units() : c instanceof Conv1DConfig c1 ? c1.filters()
                : c instanceof Conv1DTransposeConfig t1 ? t1.filters() : c instanceof Conv2DConfig c2 ? c2.filters()
                : c instanceof Conv2DTransposeConfig t2 ? t2.filters() : c instanceof Conv3DConfig c3 ? c3.filters() : -1;
    }

    /** {@code c} with a bias, or null when it has one already (or is no such layer). */
    private static LayerConfig withBias(LayerConfig c) {
        if (c instanceof DenseConfig d && !d.useBias()) {
            return d.withUseBias(true);
        }
        if (c instanceof Conv1DConfig c1 && !c1.useBias()) {
            return c1.withUseBias(true);
        }
        if (c instanceof Conv1DTransposeConfig t1 && !t1.useBias()) {
            return t1.withUseBias(true);
        }
        if (c instanceof Conv2DConfig c2 && !c2.useBias()) {
            return c2.withUseBias(true);
        }
        if (c instanceof Conv2DTransposeConfig t2 && !t2.useBias()) {
            return t2.withUseBias(true);
        }
        return c instanceof Conv3DConfig c3 && !c3.useBias() ? c3.withUseBias(true) : null;
    }
}
