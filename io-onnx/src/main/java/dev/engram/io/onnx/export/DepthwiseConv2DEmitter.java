package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.DepthwiseConv2DConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * DepthwiseConv2D: ONNX {@code Conv} with {@code group} = the input channels (NCHW; Transposes
 * around a channels-last layer), {@code W[c·M + m, 0, a, b] = depthwiseKernel[a, b, c, m]}; padding
 * as {@link Conv2DEmitter}.
 */
final class DepthwiseConv2DEmitter extends KeyedEmitter<DepthwiseConv2DConfig> {
    DepthwiseConv2DEmitter() {
        super(DepthwiseConv2DConfig.class, "DepthwiseConv2D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, DepthwiseConv2DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        Shape in = layer.inputShape();
        String x = last ? g.transpose(ins.get(0).name(), name + "_nchw", 0, 3, 1, 2) : ins.get(0).name();
        String y = depthwiseNode(g, name, x, c.window(), ExportWeights.find(layer, WeightRole.DEPTHWISE_KERNEL),
                ExportWeights.find(layer, WeightRole.BIAS), in.dim(last ? 0 : 1), in.dim(last ? 1 : 2));
        if (last) {
            y = g.transpose(y, name + "_nhwc", 0, 2, 3, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 4, null));
    }

    /**
     * The depthwise {@code Conv} node on NCHW value {@code x}: {@code group} = channels,
     * {@code W[c·M + m, 0, a, b] = kernel[a, b, c, m]}, optional bias; returns its output.
     */
    static String depthwiseNode(GraphBuilder g, String name, String x, Conv2DWindow win, Tensor kernel, Tensor bias,
            int height, int width) {
        int kh = win.kernelHeight();
        int kw = win.kernelWidth();
        int ch = kernel.shape().dim(2);
        int out = ch * kernel.shape().dim(3);
        // [kh, kw, C, M] is [kh, kw, 1, C·M] in memory: the Conv2D reordering gives [C·M, 1, kh, kw].
        Tensor asConv = Tensor.wrap(Shape.of(kh, kw, 1, out), kernel.buffer());
        List<String> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.add(g.floats(name + "_W", new int[] {out, 1, kh, kw}, Conv2DEmitter.toOnnxKernel(asConv)));
        if (bias != null) {
            inputs.add(g.floats(name + "_B", new int[] {out}, bias.toArray()));
        }
        AttributeProto[] attrs = {GraphBuilder.ints("kernel_shape", kh, kw),
            GraphBuilder.ints("strides", win.strideHeight(), win.strideWidth()),
            GraphBuilder.ints("dilations", win.dilationHeight(), win.dilationWidth()),
            Conv2DEmitter.pads(win, height, width), GraphBuilder.attr("group", (long) ch)};
        return g.node("Conv", name + "_conv", inputs, attrs);
    }
}
