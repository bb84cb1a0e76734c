package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv2DTransposeConfig;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv2DTranspose: ONNX {@code ConvTranspose} (NCHW, Transposes around a channels-last layer) with
 * {@code W[c, f, a, b] = kernel[a, b, f, c]}, strides, dilations and explicit {@code pads} plus
 * {@code output_padding} that give the layer's output size: the padding before is TF's same split
 * for that size (0 for valid), the padding after whatever makes {@code s·(in - 1) + e - before - after}
 * the layer's size, moved into {@code output_padding} where it would be negative (valid padding
 * with a stride above the kernel, or Keras's output padding). Needs a known input height and width.
 */
final class Conv2DTransposeEmitter extends KeyedEmitter<Conv2DTransposeConfig> {
    Conv2DTransposeEmitter() {
        super(Conv2DTransposeConfig.class, "Conv2DTranspose");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Conv2DTransposeConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        Conv2DWindow win = c.window();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        Shape in = layer.inputShape();
        Shape out = layer.outputShape();
        int[] inHw = {in.dim(last ? 0 : 1), in.dim(last ? 1 : 2)};
        int[] outHw = {out.dim(last ? 0 : 1), out.dim(last ? 1 : 2)};
        if (inHw[0] == Shape.UNKNOWN || inHw[1] == Shape.UNKNOWN) {
            throw new UnsupportedOnnxException("layer '" + name + "' (Conv2DTranspose) has an unknown input height or "
                    + "width " + in + "; its ONNX padding depends on them: build the model with a fixed image size");
        }
        Tensor kernel = ExportWeights.find(layer, WeightRole.KERNEL);
        List<String> inputs = new ArrayList<>();
        inputs.add(last ? g.transpose(ins.get(0).name(), name + "_nchw", 0, 3, 1, 2) : ins.get(0).name());
        inputs.add(g.floats(name + "_W", new int[] {kernel.shape().dim(3), kernel.shape().dim(2),
            kernel.shape().dim(0), kernel.shape().dim(1)}, onnxKernel(kernel)));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {c.filters()}, b.toArray()));
        }
        int[] k = {win.kernelHeight(), win.kernelWidth()};
        int[] s = {win.strideHeight(), win.strideWidth()};
        int[] d = {win.dilationHeight(), win.dilationWidth()};
        long[] pads = new long[4];
        long[] outputPadding = new long[2];
        for (int axis = 0; axis < 2; axis++) {
            int before = win.padding().padLeft(outHw[axis], k[axis], s[axis], d[axis]);
            int full = s[axis] * (inHw[axis] - 1) + (k[axis] - 1) * d[axis] + 1;
            int after = full - before - outHw[axis];
            pads[axis] = before;
            pads[axis + 2] = Math.max(after, 0);
            outputPadding[axis] = Math.max(-after, 0);
        }
        AttributeProto[] attrs = {GraphBuilder.ints("kernel_shape", k[0], k[1]), GraphBuilder.ints("strides", s[0], s[1]),
            GraphBuilder.ints("dilations", d[0], d[1]), GraphBuilder.ints("pads", pads),
            GraphBuilder.ints("output_padding", outputPadding)};
        String y = g.node("ConvTranspose", name + "_deconv", inputs, attrs);
        if (last) {
            y = g.transpose(y, name + "_nhwc", 0, 2, 3, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 4, null));
    }

    /** The kernel {@code [kh, kw, f, c]} reordered to ONNX's {@code [c, f, kh, kw]}. */
    private static float[] onnxKernel(Tensor kernel) {
        int kh = kernel.shape().dim(0);
        int kw = kernel.shape().dim(1);
        int f = kernel.shape().dim(2);
        int ch = kernel.shape().dim(3);
        float[] kd = kernel.buffer();
        float[] w = new float[kd.length];
        for (int a = 0; a < kh; a++) {
            for (int bb = 0; bb < kw; bb++) {
                for (int o = 0; o < f; o++) {
                    for (int i = 0; i < ch; i++) {
                        w[((i * f + o) * kh + a) * kw + bb] = kd[((a * kw + bb) * f + o) * ch + i];
                    }
                }
            }
        }
        return w;
    }
}
