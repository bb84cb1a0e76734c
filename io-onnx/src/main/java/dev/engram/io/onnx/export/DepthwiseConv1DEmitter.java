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
        Tensor kernel = grouped(ExportWeights.find(layer, WeightRole.DEPTHWISE_KERNEL));
        Conv1DEmitter.Geometry w = new Conv1DEmitter.Geometry(c.kernelSize(), c.strides(), c.dilationRate(),
                c.padding());
        return List.of(Conv1DEmitter.around(g, layer, ins.get(0), c.dataFormat(), c.activation(),
                x -> Conv1DEmitter.node(g, layer.name(), x, kernel, ExportWeights.find(layer, WeightRole.BIAS),
                        kernel.shape().dim(2) / c.depthMultiplier(), w,
                        layer.inputShape().dim(c.dataFormat().stepAxis()))));
    }

    /** A depthwise kernel {@code [k, C, M]} as the grouped kernel {@code [k, 1, C·M]} (the same memory). */
    static Tensor grouped(Tensor depthwise) {
        Shape s = depthwise.shape();
        return Tensor.wrap(Shape.of(s.dim(0), 1, s.dim(1) * s.dim(2)), depthwise.buffer());
    }
}
