package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.DataFormat;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code LayerNormalization} over the last axis (constant scale and optional bias) as a LayerNormalization layer,
 * and inference {@code BatchNormalization} (constant scale, bias, mean and variance) as a BatchNormalization layer
 * with those moving statistics, where the node's channel axis 1 is the engine's last axis: a vector, a sequence
 * transposed to {@code [batch, features, time]}, a channels-last image or volume transposed to channels-first.
 * PyTorch's {@code nn.LayerNorm} / {@code nn.BatchNorm1d} in eval mode export so. Both take the node's epsilon.
 */
final class NormImporter extends OnnxNodeImporter {
    NormImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "LayerNormalization over the last axis; BatchNormalization (inference) over the channel axis "
                + "where it is the engine's last", List.of("LayerNormalization", "BatchNormalization"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        if (n.opType().equals("LayerNormalization")) {
            layerNorm(n);
        } else {
            batchNorm(n);
        }
    }

    private void layerNorm(NodeContext n) throws UnsupportedOnnxException {
        boolean lastAxis = chain.form == Form.VEC || chain.form == Form.BATCH_SEQ || chain.form == Form.ROWS
                || (chain.form == Form.IMAGE || chain.form == Form.VOLUME) && chain.imageFormat == DataFormat.CHANNELS_LAST;
        long axis = n.attrInt("axis", -1);
        int width = (int) (chain.form == Form.IMAGE || chain.form == Form.VOLUME ? chain.inputFeatures : chain.vecWidth());
        Value scale = graph.constValue(n.node().getInput(1));
        boolean hasBias = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty();
        Value bias = hasBias ? graph.constValue(n.node().getInput(2)) : null;
        if (!lastAxis || axis != -1 && axis != rank() - 1 || scale == null || scale.size() != width
                || hasBias && (bias == null || bias.size() != width) || used(n)) {
            throw graph.refuse(n.describe() + ": LayerNormalization maps to a layer only over the last axis of a value "
                    + "in the engine's layout (axis -1), with constant scale and bias of one value per feature ("
                    + width + ") and no Mean / InvStdDev output read");
        }
        Map<WeightKey, Tensor> w = new HashMap<>();
        w.put(WeightKey.of(WeightRole.GAMMA), Tensor.wrap(Shape.of(width), scale.floats().clone()));
        if (bias != null) {
            w.put(WeightKey.of(WeightRole.BETA), Tensor.wrap(Shape.of(width), bias.floats().clone()));
        }
        add(Layers.layerNormalization().withEpsilon(decimal(n.attrFloat("epsilon", 1e-5f))).withCenter(bias != null),
                w, n);
    }

    private void batchNorm(NodeContext n) throws UnsupportedOnnxException {
        boolean channelLast = chain.form == Form.VEC || chain.form == Form.CHANNEL_SEQ && !chain.channelsFirstSequence
                || chain.form == Form.IMAGE_NCHW || chain.form == Form.VOLUME_NCDHW;
        int channels = (int) (chain.form == Form.VEC ? chain.vecWidth() : chain.inputFeatures);
        Value[] p = new Value[4];
        boolean constants = n.node().getInputCount() == 5;
        for (int i = 0; constants && i < 4; i++) {
            p[i] = graph.constValue(n.node().getInput(i + 1));
            constants = p[i] != null && p[i].size() == channels;
        }
        if (!channelLast || !constants || n.attrInt("training_mode", 0) != 0 || used(n)) {
            throw graph.refuse(n.describe() + ": BatchNormalization maps to a layer only in inference form (constant "
                    + "scale, bias, mean and variance of one value per channel) on a vector, or a sequence, image or "
                    + "volume in the engine's channels-last layout transposed to channels-first");
        }
        Map<WeightKey, Tensor> w = new HashMap<>();
        WeightRole[] roles = {WeightRole.GAMMA, WeightRole.BETA, WeightRole.MOVING_MEAN, WeightRole.MOVING_VARIANCE};
        for (int i = 0; i < 4; i++) {
            w.put(WeightKey.of(roles[i]), Tensor.wrap(Shape.of(channels), p[i].floats().clone()));
        }
        add(Layers.batchNormalization().withEpsilon(decimal(n.attrFloat("epsilon", 1e-5f))), w, n);
    }

    /** The rank of the ONNX value followed. */
    private int rank() {
        return switch (chain.form) {
            case VEC, ROWS -> 2;
            case BATCH_SEQ -> 3;
            case IMAGE -> 4;
            default -> 5;
        };
    }

    /** True when an optional statistics output of {@code n} is read (no layer returns it). */
    private boolean used(NodeContext n) {
        for (int k = 1; k < n.node().getOutputCount(); k++) {
            if (graph.used(n.node().getOutputList(), k)) {
                return true;
            }
        }
        return false;
    }

    private void add(LayerConfig config, Map<WeightKey, Tensor> w, NodeContext n) {
        chain.add(config, w, LayerChain.weightKey(n, graph));
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(n, chain.form);
    }

    /** The decimal a float attribute was written from (1e-5f reads back as 1e-5). */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
