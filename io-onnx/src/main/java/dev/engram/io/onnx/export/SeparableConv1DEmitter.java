package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.SeparableConv1DConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * SeparableConv1D: the depthwise {@code Conv} ({@code group} = channels, no bias; as {@link DepthwiseConv1DEmitter})
 * then a 1-tap {@code Conv} with the pointwise kernel {@code [1, C·M, F]} and the bias; NCW as is, Transposes around
 * a channels-last layer; then the activation.
 */
final class SeparableConv1DEmitter extends KeyedEmitter<SeparableConv1DConfig> {
    SeparableConv1DEmitter() {
        super(SeparableConv1DConfig.class, "SeparableConv1D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, SeparableConv1DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        Tensor depthwise = DepthwiseConv1DEmitter.grouped(ExportWeights.find(layer, WeightRole.DEPTHWISE_KERNEL));
        Tensor pointwise = ExportWeights.find(layer, WeightRole.POINTWISE_KERNEL);
        int steps = layer.inputShape().dim(c.dataFormat().stepAxis());
        Conv1DEmitter.Geometry w = new Conv1DEmitter.Geometry(c.kernelSize(), c.strides(), c.dilationRate(),
                c.padding());
        Conv1DEmitter.Geometry one = new Conv1DEmitter.Geometry(1, 1, 1, Padding.VALID);
        return List.of(Conv1DEmitter.around(g, layer, ins.get(0), c.dataFormat(), c.activation(), x -> {
            String d = Conv1DEmitter.node(g, name + "_depthwise", x, depthwise, null,
                    depthwise.shape().dim(2) / c.depthMultiplier(), w, steps);
            return Conv1DEmitter.node(g, name + "_pointwise", d, pointwise, ExportWeights.find(layer, WeightRole.BIAS),
                    1, one, Shape.UNKNOWN);
        }));
    }
}
