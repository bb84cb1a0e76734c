package dev.engram.io.onnx.export;

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
import java.util.Arrays;
import java.util.List;

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
        String name = layer.name();
        Tensor kernel = ExportWeights.find(layer, WeightRole.KERNEL);
        int k = c.kernelSize();
        int ch = kernel.shape().dim(1);
        int f = c.filters();
        float[] kd = kernel.buffer();
        float[] w = new float[f * ch * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < ch; i++) {
                for (int o = 0; o < f; o++) {
                    w[(o * ch + i) * k + j] = kd[(j * ch + i) * f + o];
                }
            }
        }
        List<String> inputs = new ArrayList<>();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        inputs.add(last ? g.transpose(ins.get(0).name(), name + "_ncw", 0, 2, 1) : ins.get(0).name());
        inputs.add(g.floats(name + "_W", new int[] {f, ch, k}, w));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {f}, b.toArray()));
        }
        var attrs = new ArrayList<>(Arrays.asList(GraphBuilder.ints("kernel_shape", k),
                GraphBuilder.ints("strides", c.strides()), GraphBuilder.ints("dilations", c.dilationRate()),
                GraphBuilder.attr("group", c.groups())));
        attrs.add(pads(c, layer.inputShape().dim(c.dataFormat().stepAxis())));
        String y = g.node("Conv", name + "_conv", inputs, attrs.toArray(new AttributeProto[0]));
        if (last) {
            y = g.transpose(y, name + "_nwc", 0, 2, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 3, null));
    }

    /** The padding attribute for {@code steps} input steps ({@link Shape#UNKNOWN} when not fixed). */
    private static AttributeProto pads(Conv1DConfig c, int steps) {
        int k = c.kernelSize();
        int eff = (k - 1) * c.dilationRate() + 1;
        if (c.padding() == Padding.VALID) {
            return GraphBuilder.ints("pads", 0, 0);
        }
        if (c.padding() == Padding.CAUSAL) {
            return GraphBuilder.ints("pads", eff - 1, 0);
        }
        if (c.strides() == 1 || steps != Shape.UNKNOWN) {
            int total = c.strides() == 1 ? eff - 1
                    : Math.max((c.padding().outputLength(steps, k, c.strides(), c.dilationRate()) - 1) * c.strides()
                            + eff - steps, 0);
            int left = total / 2; // TF parity: the odd pad goes to the right (Padding.padLeft)
            return GraphBuilder.ints("pads", left, total - left);
        }
        return GraphBuilder.attr("auto_pad", "SAME_UPPER");
    }
}
