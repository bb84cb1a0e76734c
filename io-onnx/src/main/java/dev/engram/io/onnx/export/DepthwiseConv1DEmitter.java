package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DepthwiseConv1DConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * DepthwiseConv1D: ONNX {@code Conv} with {@code group} = the input channels, {@code W[c·M + m, 0, j] =
 * depthwiseKernel[j, c, m]} (the kernel is the grouped Conv1D kernel {@code [k, 1, C·M]} in memory); NCW as is,
 * Transposes around a channels-last layer; padding as {@link Conv1DEmitter}.
 */
final class DepthwiseConv1DEmitter extends KeyedEmitter<DepthwiseConv1DConfig> {
    DepthwiseConv1DEmitter() {
        super(DepthwiseConv1DConfig.class, "DepthwiseConv1D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, DepthwiseConv1DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        Tensor kernel = ExportWeights.find(layer, WeightRole.DEPTHWISE_KERNEL);
        int channels = kernel.shape().dim(1);
        Tensor grouped = Tensor.wrap(Shape.of(c.kernelSize(), 1, channels * c.depthMultiplier()), kernel.buffer());
        return List.of(Conv1DEmitter.conv(g, layer, ins.get(0), grouped, channels, new Conv1DEmitter.Geometry(
                c.kernelSize(), c.strides(), c.dilationRate(), c.padding(), c.dataFormat()), c.activation()));
    }
}
