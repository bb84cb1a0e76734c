package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv3DConfig;
import dev.engram.layers.Conv3DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv3D: ONNX {@code Conv} with a 3-D kernel is NCDHW, so a channels-last layer is wrapped in
 * Transposes ({@code [0, 4, 1, 2, 3]} before, {@code [0, 2, 3, 4, 1]} after; a channels-first layer
 * needs none); {@code W[o, i, a, b, c] = kernel[a, b, c, i, o]}; strides and dilations per axis;
 * valid = no pads, same = TF's split (the odd pad at the end) as explicit pads when they do not
 * depend on the volume's size, else {@code auto_pad SAME_UPPER}, which splits the same way (as
 * {@link Conv2DEmitter}); {@code groups} as {@code group} (the kernel {@code [kd, kh, kw, C/G, F]} is ONNX's
 * {@code [F, C/G, kd, kh, kw]} with the same filter-to-group split); then the activation.
 */
final class Conv3DEmitter extends KeyedEmitter<Conv3DConfig> {
    Conv3DEmitter() {
        super(Conv3DConfig.class, "Conv3D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Conv3DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        Conv3DWindow win = c.window();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        Tensor kernel = ExportWeights.find(layer, WeightRole.KERNEL);
        List<String> inputs = new ArrayList<>();
        inputs.add(last ? g.transpose(ins.get(0).name(), name + "_ncdhw", 0, 4, 1, 2, 3) : ins.get(0).name());
        Shape ks = kernel.shape();
        inputs.add(g.floats(name + "_W", new int[] {ks.dim(4), ks.dim(3), ks.dim(0), ks.dim(1), ks.dim(2)},
                toOnnxKernel(kernel)));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {c.filters()}, b.toArray()));
        }
        Shape in = layer.inputShape();
        int first = last ? 0 : 1;
        AttributeProto[] attrs = {
            GraphBuilder.ints("kernel_shape", win.kernelDepth(), win.kernelHeight(), win.kernelWidth()),
            GraphBuilder.ints("strides", win.strideDepth(), win.strideHeight(), win.strideWidth()),
            GraphBuilder.ints("dilations", win.dilationDepth(), win.dilationHeight(), win.dilationWidth()),
            pads(win, in.dim(first), in.dim(first + 1), in.dim(first + 2)), GraphBuilder.attr("group", c.groups())};
        String y = g.node("Conv", name + "_conv", inputs, attrs);
        if (last) {
            y = g.transpose(y, name + "_ndhwc", 0, 2, 3, 4, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 5, null));
    }

    /** The kernel {@code [kd, kh, kw, in, out]} reordered to ONNX's {@code [out, in, kd, kh, kw]}. */
    private static float[] toOnnxKernel(Tensor kernel) {
        Shape s = kernel.shape();
        int taps = s.dim(0) * s.dim(1) * s.dim(2);
        int ch = s.dim(3);
        int f = s.dim(4);
        float[] kd = kernel.buffer();
        float[] w = new float[kd.length];
        for (int t = 0; t < taps; t++) {
            for (int i = 0; i < ch; i++) {
                for (int o = 0; o < f; o++) {
                    w[(o * ch + i) * taps + t] = kd[(t * ch + i) * f + o];
                }
            }
        }
        return w;
    }

    /** The padding attribute for a volume of the given size ({@link Shape#UNKNOWN} where not fixed). */
    private static AttributeProto pads(Conv3DWindow w, int depth, int height, int width) {
        if (w.padding() == Padding.VALID) {
            return GraphBuilder.ints("pads", 0, 0, 0, 0, 0, 0);
        }
        int[] d = Conv2DEmitter.samePads(depth, w.kernelDepth(), w.strideDepth(), w.dilationDepth());
        int[] r = Conv2DEmitter.samePads(height, w.kernelHeight(), w.strideHeight(), w.dilationHeight());
        int[] c = Conv2DEmitter.samePads(width, w.kernelWidth(), w.strideWidth(), w.dilationWidth());
        if (d == null || r == null || c == null) {
            return GraphBuilder.attr("auto_pad", "SAME_UPPER");
        }
        return GraphBuilder.ints("pads", d[0], r[0], c[0], d[1], r[1], c[1]);
    }
}
