package dev.engram.io.onnx.export;

import dev.engram.activations.Activation;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Conv1D: (channels-last: Transpose to NCW,) ONNX {@code Conv} with {@code W[f, c, j] =
 * kernel[j, c, f]}, strides and dilations; valid = no pads, causal = left pad {@code (k - 1)·d},
 * same = TF's split (extra on the right) as explicit pads when they do not depend on the length
 * (stride 1, or a known length), else {@code auto_pad SAME_UPPER}; {@code groups} as {@code group}
 * ({@code W[f, c, j]} then holds the {@code C/G} channels of filter f's group); (channels-last: Transpose back,)
 * then the activation. A channels-first layer is in ONNX's own NCW layout: no Transposes.
 */
final class Conv1DEmitter extends KeyedEmitter<Conv1DConfig> {
    Conv1DEmitter() {
        super(Conv1DConfig.class, "Conv1D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Conv1DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        Geometry w = new Geometry(c.kernelSize(), c.strides(), c.dilationRate(), c.padding());
        return List.of(around(g, layer, ins.get(0), c.dataFormat(), c.activation(), x -> node(g, layer.name(), x,
                ExportWeights.find(layer, WeightRole.KERNEL), ExportWeights.find(layer, WeightRole.BIAS), c.groups(), w,
                layer.inputShape().dim(c.dataFormat().stepAxis()))));
    }

    /** A 1-D window: kernel size, strides, dilation and padding. */
    record Geometry(int kernelSize, int strides, int dilationRate, Padding padding) {
    }

    /**
     * The 1-D convolution nodes {@code ncw} makes from an NCW value, between the Transposes a channels-last layer
     * needs, then the activation; the value the layer outputs.
     */
    static ExportValue around(GraphBuilder g, Layer layer, ExportValue in, DataFormat format, Activation activation,
            UnaryOperator<String> ncw) throws UnsupportedOnnxException {
        String name = layer.name();
        boolean last = format == DataFormat.CHANNELS_LAST;
        String y = ncw.apply(last ? g.transpose(in.name(), name + "_ncw", 0, 2, 1) : in.name());
        if (last) {
            y = g.transpose(y, name + "_nwc", 0, 2, 1);
        }
        return new ExportValue(ActivationExport.apply(g, activation, y, name), 3, null);
    }

    /**
     * The {@code Conv} node of kernel {@code [k, C/groups, F]} ({@code W[f, c, j] = kernel[j, c, f]}) and bias (or
     * null) on NCW value {@code x} of {@code steps} steps ({@link Shape#UNKNOWN} when not fixed); its output. Also
     * the depthwise convolutions' (their kernel {@code [k, C, M]} is {@code [k, 1, C·M]} in memory, with C groups).
     */
    static String node(GraphBuilder g, String name, String x, Tensor kernel, Tensor bias, long groups, Geometry w,
            int steps) {
        int k = w.kernelSize();
        int ch = kernel.shape().dim(1);
        int f = kernel.shape().dim(2);
        float[] kd = kernel.buffer();
        float[] wt = new float[f * ch * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < ch; i++) {
                for (int o = 0; o < f; o++) {
                    wt[(o * ch + i) * k + j] = kd[(j * ch + i) * f + o];
                }
            }
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.add(g.floats(name + "_W", new int[] {f, ch, k}, wt));
        if (bias != null) {
            inputs.add(g.floats(name + "_B", new int[] {f}, bias.toArray()));
        }
        AttributeProto[] attrs = {GraphBuilder.ints("kernel_shape", k), GraphBuilder.ints("strides", w.strides()),
            GraphBuilder.ints("dilations", w.dilationRate()), GraphBuilder.attr("group", groups), pads(w, steps)};
        return g.node("Conv", name + "_conv", inputs, attrs);
    }

    /** The padding attribute for {@code steps} input steps ({@link Shape#UNKNOWN} when not fixed). */
    private static AttributeProto pads(Geometry w, int steps) {
        int k = w.kernelSize();
        int eff = (k - 1) * w.dilationRate() + 1;
        if (w.padding() == Padding.VALID) {
            return GraphBuilder.ints("pads", 0, 0);
        }
        if (w.padding() == Padding.CAUSAL) {
            return GraphBuilder.ints("pads", eff - 1, 0);
        }
        if (w.strides() == 1 || steps != Shape.UNKNOWN) {
            int total = w.strides() == 1 ? eff - 1
                    : Math.max((w.padding().outputLength(steps, k, w.strides(), w.dilationRate()) - 1) * w.strides()
                            + eff - steps, 0);
            int left = total / 2; // TF parity: the odd pad goes to the right (Padding.padLeft)
            return GraphBuilder.ints("pads", left, total - left);
        }
        return GraphBuilder.attr("auto_pad", "SAME_UPPER");
    }
}
