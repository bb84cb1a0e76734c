package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv2DConfig;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv2D: ONNX {@code Conv} is NCHW, so a channels-last layer is wrapped in Transposes
 * ({@code [0, 3, 1, 2]} before, {@code [0, 2, 3, 1]} after; a channels-first layer needs none);
 * {@code W[o, i, a, b] = kernel[a, b, i, o]}; strides and dilations per axis; valid = no pads,
 * same = TF's split (the odd pad at the bottom/right) as explicit pads when they do not depend on
 * the image size (stride 1 on that axis, or a known size), else {@code auto_pad SAME_UPPER}, which
 * splits the same way; {@code groups} as {@code group} (the kernel {@code [kh, kw, C/G, F]} is ONNX's
 * {@code [F, C/G, kh, kw]} with the same filter-to-group split); then the activation.
 */
final class Conv2DEmitter extends KeyedEmitter<Conv2DConfig> {
    Conv2DEmitter() {
        super(Conv2DConfig.class, "Conv2D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Conv2DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        Conv2DWindow win = c.window();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        Tensor kernel = ExportWeights.find(layer, WeightRole.KERNEL);
        List<String> inputs = new ArrayList<>();
        inputs.add(last ? g.transpose(ins.get(0).name(), name + "_nchw", 0, 3, 1, 2) : ins.get(0).name());
        inputs.add(g.floats(name + "_W", onnxKernelShape(kernel.shape()), toOnnxKernel(kernel)));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {c.filters()}, b.toArray()));
        }
        Shape in = layer.inputShape();
        int height = in.dim(last ? 0 : 1);
        int width = in.dim(last ? 1 : 2);
        AttributeProto[] attrs = {GraphBuilder.ints("kernel_shape", win.kernelHeight(), win.kernelWidth()),
            GraphBuilder.ints("strides", win.strideHeight(), win.strideWidth()),
            GraphBuilder.ints("dilations", win.dilationHeight(), win.dilationWidth()), pads(win, height, width),
            GraphBuilder.attr("group", c.groups())};
        String y = g.node("Conv", name + "_conv", inputs, attrs);
        if (last) {
            y = g.transpose(y, name + "_nhwc", 0, 2, 3, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 4, null));
    }

    /** ONNX's {@code [out, in, kh, kw]} for a Keras kernel shape {@code [kh, kw, in, out]}. */
    static int[] onnxKernelShape(Shape keras) {
        return new int[] {keras.dim(3), keras.dim(2), keras.dim(0), keras.dim(1)};
    }

    /** The kernel {@code [kh, kw, in, out]} reordered to ONNX's {@code [out, in, kh, kw]}. */
    static float[] toOnnxKernel(Tensor kernel) {
        int kh = kernel.shape().dim(0);
        int kw = kernel.shape().dim(1);
        int ch = kernel.shape().dim(2);
        int f = kernel.shape().dim(3);
        float[] kd = kernel.buffer();
        float[] w = new float[kd.length];
        for (int a = 0; a < kh; a++) {
            for (int bb = 0; bb < kw; bb++) {
                for (int i = 0; i < ch; i++) {
                    for (int o = 0; o < f; o++) {
                        w[((o * ch + i) * kh + a) * kw + bb] = kd[((a * kw + bb) * ch + i) * f + o];
                    }
                }
            }
        }
        return w;
    }

    /** The padding attribute for an image of {@code height x width} ({@link Shape#UNKNOWN} when not fixed). */
    static AttributeProto pads(Conv2DWindow w, int height, int width) {
        if (w.padding() == Padding.VALID) {
            return GraphBuilder.ints("pads", 0, 0, 0, 0);
        }
        int[] rows = samePads(height, w.kernelHeight(), w.strideHeight(), w.dilationHeight());
        int[] cols = samePads(width, w.kernelWidth(), w.strideWidth(), w.dilationWidth());
        if (rows == null || cols == null) {
            return GraphBuilder.attr("auto_pad", "SAME_UPPER");
        }
        return GraphBuilder.ints("pads", rows[0], cols[0], rows[1], cols[1]);
    }

    /** TF's same padding {before, after} of one axis, or null when it depends on an unknown size. */
    static int[] samePads(int size, int k, int s, int d) {
        int eff = (k - 1) * d + 1;
        if (s != 1 && size == Shape.UNKNOWN) {
            return null;
        }
        int total = s == 1 ? eff - 1 : Math.max((Padding.SAME.outputLength(size, k, s, d) - 1) * s + eff - size, 0);
        int before = total / 2; // TF parity: the odd pad goes to the end (Padding.padLeft)
        return new int[] {before, total - before};
    }
}
