package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.SeparableConv2DConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * SeparableConv2D: two ONNX {@code Conv} nodes (NCHW; Transposes around a channels-last layer): the
 * depthwise one ({@code group} = input channels, no bias, as {@link DepthwiseConv2DEmitter}) and a 1x1
 * one with {@code W[f, k, 0, 0] = pointwiseKernel[0, 0, k, f]} and the bias; then the activation.
 */
final class SeparableConv2DEmitter extends KeyedEmitter<SeparableConv2DConfig> {
    SeparableConv2DEmitter() {
        super(SeparableConv2DConfig.class, "SeparableConv2D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, SeparableConv2DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        Conv2DWindow win = c.window();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        Tensor depthwise = ExportWeights.find(layer, WeightRole.DEPTHWISE_KERNEL);
        Tensor pointwise = ExportWeights.find(layer, WeightRole.POINTWISE_KERNEL);
        Shape in = layer.inputShape();
        String x = last ? g.transpose(ins.get(0).name(), name + "_nchw", 0, 3, 1, 2) : ins.get(0).name();
        String d = DepthwiseConv2DEmitter.depthwiseNode(g, name + "_depthwise", x, win, depthwise, null,
                in.dim(last ? 0 : 1), in.dim(last ? 1 : 2));
        List<String> inputs = new ArrayList<>();
        inputs.add(d);
        inputs.add(g.floats(name + "_pointwise_W", Conv2DEmitter.onnxKernelShape(pointwise.shape()),
                Conv2DEmitter.toOnnxKernel(pointwise)));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {c.filters()}, b.toArray()));
        }
        String y = g.node("Conv", name + "_pointwise", inputs, GraphBuilder.ints("kernel_shape", 1, 1));
        if (last) {
            y = g.transpose(y, name + "_nhwc", 0, 2, 3, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 4, null));
    }
}
