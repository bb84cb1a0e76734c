package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv1DTransposeConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv1DTranspose: a 1-D ONNX {@code ConvTranspose} (NCW; Transposes around a channels-last layer),
 * {@code W[c, f, j] = kernel[j, f, c]}, pads and {@code output_padding} as
 * {@link Conv2DTransposeEmitter} computes them per axis; needs a known step count.
 */
final class Conv1DTransposeEmitter extends KeyedEmitter<Conv1DTransposeConfig> {
    Conv1DTransposeEmitter() {
        super(Conv1DTransposeConfig.class, "Conv1DTranspose");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Conv1DTransposeConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        int steps = layer.inputShape().dim(last ? 0 : 1);
        if (steps == Shape.UNKNOWN) {
            throw new UnsupportedOnnxException("layer '" + name + "' (Conv1DTranspose) has an unknown step count "
                    + layer.inputShape() + "; its ONNX padding depends on it: build the model with fixed steps");
        }
        int out = c.outputLength(steps);
        Tensor kernel = ExportWeights.find(layer, WeightRole.KERNEL);
        int k = c.kernelSize();
        int f = c.filters();
        int ch = kernel.shape().dim(2);
        float[] kd = kernel.buffer();
        float[] w = new float[kd.length];
        for (int j = 0; j < k; j++) {
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < ch; i++) {
                    w[(i * f + o) * k + j] = kd[(j * f + o) * ch + i];
                }
            }
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(last ? g.transpose(ins.get(0).name(), name + "_ncw", 0, 2, 1) : ins.get(0).name());
        inputs.add(g.floats(name + "_W", new int[] {ch, f, k}, w));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {f}, b.toArray()));
        }
        int before = c.padding().padLeft(out, k, c.strides(), c.dilationRate());
        int after = c.strides() * (steps - 1) + (k - 1) * c.dilationRate() + 1 - before - out;
        AttributeProto[] attrs = {GraphBuilder.ints("kernel_shape", k), GraphBuilder.ints("strides", c.strides()),
            GraphBuilder.ints("dilations", c.dilationRate()), GraphBuilder.ints("pads", before, Math.max(after, 0)),
            GraphBuilder.ints("output_padding", Math.max(-after, 0))};
        String y = g.node("ConvTranspose", name + "_deconv", inputs, attrs);
        if (last) {
            y = g.transpose(y, name + "_nwc", 0, 2, 1);
        }
        return List.of(new ExportValue(ActivationExport.apply(g, c.activation(), y, name), 3, null));
    }
}
