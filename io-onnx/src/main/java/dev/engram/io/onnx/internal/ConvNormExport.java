package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conv1D, global pooling and normalisation layers.
 *
 * <ul>
 *   <li>Conv1D (channels-last): Transpose to NCW, ONNX {@code Conv} with {@code W[f, c, j] =
 *       kernel[j, c, f]}, strides and dilations; valid = no pads, causal = left pad
 *       {@code (k - 1)·d}, same = TF's split (extra on the right) as explicit pads when they do
 *       not depend on the length (stride 1, or a known length), else {@code auto_pad SAME_UPPER};
 *       then Transpose back and the activation.</li>
 *   <li>GlobalAverage/MaxPooling1D: {@code ReduceMean}/{@code ReduceMax} over the time axis.</li>
 *   <li>LayerNormalization: the ONNX op from opset 17 (axis -1), else
 *       {@code (x - mean) / sqrt(var + eps) · gamma + beta} with ReduceMean.</li>
 *   <li>BatchNormalization (inference): {@code ((x - movingMean) · invStd) · gamma + beta}, the
 *       engine's own float steps with {@code invStd = 1 / sqrt(movingVariance + eps)} folded in
 *       double, so ONNX Runtime reproduces the engine's rounding.</li>
 * </ul>
 */
final class ConvNormExport {
    private ConvNormExport() {
    }

    static List<ExportValue> emit(GraphBuilder g, Layer layer, List<ExportValue> ins) throws UnsupportedOnnxException {
        LayerConfig c = layer.config();
        ExportValue x = ins.get(0);
        String name = layer.name();
        if (c instanceof Conv1DConfig conv) {
            return List.of(new ExportValue(conv1d(g, layer, conv, x.name()), 3, null));
        }
        if (c instanceof GlobalPooling1DConfig p) {
            // A pooling layer that ignores the mask (TF.js semantics) is the plain reduction.
            if (x.maskSource() != null && p.useMask() && p.mode() == PoolingMode.AVERAGE) {
                throw new UnsupportedOnnxException("layer '" + name + "' (" + layer.typeName() + ") averages with the "
                        + "time-step mask made by '" + x.maskSource() + "'; masked pooling is not exported (refused)");
            }
            String op = p.mode() == PoolingMode.AVERAGE ? "ReduceMean" : "ReduceMax";
            return List.of(new ExportValue(g.reduce(op, x.name(), name + "_pool", false, 1L), 2, null));
        }
        if (c instanceof LayerNormalizationConfig ln) {
            return List.of(x.to(layerNorm(g, layer, ln, x.name()), x.rank()));
        }
        if (c instanceof BatchNormalizationConfig) {
            return List.of(x.to(batchNorm(g, layer, x.name()), x.rank()));
        }
        throw new UnsupportedOnnxException("layer '" + name + "' (" + layer.typeName() + ") has no ONNX export; "
                + "exportable layers: Dense, LSTM, GRU, SimpleRNN, Bidirectional, TimeDistributed(Dense), Dropout, "
                + "Embedding, Masking (mask not consumed), RepeatVector, Flatten, Reshape, Activation, Conv1D, "
                + "GlobalAverage/MaxPooling1D, LayerNormalization, BatchNormalization, Concatenate/Add/Multiply/Average");
    }

    private static String conv1d(GraphBuilder g, Layer layer, Conv1DConfig c, String x) throws UnsupportedOnnxException {
        String name = layer.name();
        Tensor kernel = LayerExport.weight(layer, "kernel");
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
        inputs.add(g.transpose(x, name + "_ncw", 0, 2, 1));
        inputs.add(g.floats(name + "_W", new int[] {f, ch, k}, w));
        Tensor b = LayerExport.weight(layer, "bias");
        if (b != null) {
            inputs.add(g.floats(name + "_B", new int[] {f}, b.toArray()));
        }
        var attrs = new ArrayList<>(Arrays.asList(GraphBuilder.ints("kernel_shape", k),
                GraphBuilder.ints("strides", c.strides()), GraphBuilder.ints("dilations", c.dilationRate())));
        int eff = (k - 1) * c.dilationRate() + 1;
        int steps = layer.inputShape().dim(0);
        if (c.padding() == Padding.VALID) {
            attrs.add(GraphBuilder.ints("pads", 0, 0));
        } else if (c.padding() == Padding.CAUSAL) {
            attrs.add(GraphBuilder.ints("pads", eff - 1, 0));
        } else if (c.strides() == 1 || steps != Shape.UNKNOWN) {
            int total = c.strides() == 1 ? eff - 1
                    : Math.max((c.padding().outputLength(steps, k, c.strides(), c.dilationRate()) - 1) * c.strides()
                            + eff - steps, 0);
            int left = total / 2; // TF parity: the odd pad goes to the right (Padding.padLeft)
            attrs.add(GraphBuilder.ints("pads", left, total - left));
        } else {
            attrs.add(GraphBuilder.attr("auto_pad", "SAME_UPPER"));
        }
        String y = g.node("Conv", name + "_conv", inputs, attrs.toArray(new dev.engram.io.onnx.proto.Onnx.AttributeProto[0]));
        y = g.transpose(y, name + "_nwc", 0, 2, 1);
        return ActivationExport.apply(g, c.activation(), y, name);
    }

    private static String layerNorm(GraphBuilder g, Layer layer, LayerNormalizationConfig c, String x) {
        String name = layer.name();
        Tensor gamma = LayerExport.weight(layer, "gamma");
        Tensor beta = LayerExport.weight(layer, "beta");
        int width = layer.inputShape().dim(-1);
        if (g.opset() >= 17) {
            float[] ones = new float[width];
            Arrays.fill(ones, 1f);
            List<String> in = new ArrayList<>(List.of(x, gamma != null
                    ? g.floats(name + "_gamma", new int[] {width}, gamma.toArray())
                    : g.floats(name + "_unit_scale", new int[] {width}, ones)));
            if (beta != null) {
                in.add(g.floats(name + "_beta", new int[] {width}, beta.toArray()));
            }
            return g.node("LayerNormalization", name + "_norm", in, GraphBuilder.attr("axis", -1L),
                    GraphBuilder.attr("epsilon", (float) c.epsilon()));
        }
        String mean = g.reduce("ReduceMean", x, name + "_mean", true, -1L);
        String d = g.node("Sub", name + "_centered", List.of(x, mean));
        String var = g.reduce("ReduceMean", g.node("Mul", name + "_sq", List.of(d, d)), name + "_var", true, -1L);
        String std = g.node("Sqrt", name + "_std", List.of(g.node("Add", name + "_var_eps",
                List.of(var, g.scalar(name + "_epsilon", (float) c.epsilon())))));
        String y = g.node("Div", name + "_xhat", List.of(d, std));
        if (gamma != null) {
            y = g.node("Mul", name + "_scaled", List.of(y, g.floats(name + "_gamma", new int[] {width}, gamma.toArray())));
        }
        if (beta != null) {
            y = g.node("Add", name + "_shifted", List.of(y, g.floats(name + "_beta", new int[] {width}, beta.toArray())));
        }
        return y;
    }

    private static String batchNorm(GraphBuilder g, Layer layer, String x) {
        String name = layer.name();
        BatchNormalizationConfig c = (BatchNormalizationConfig) layer.config();
        Tensor mean = LayerExport.weight(layer, "movingMean");
        float[] var = LayerExport.weight(layer, "movingVariance").buffer();
        int width = var.length;
        float[] inv = new float[width];
        for (int i = 0; i < width; i++) {
            inv[i] = (float) (1 / Math.sqrt(var[i] + c.epsilon()));
        }
        String y = g.node("Sub", name + "_centered", List.of(x, g.floats(name + "_moving_mean", new int[] {width},
                mean.toArray())));
        y = g.node("Mul", name + "_normalized", List.of(y, g.floats(name + "_inv_std", new int[] {width}, inv)));
        Tensor gamma = LayerExport.weight(layer, "gamma");
        Tensor beta = LayerExport.weight(layer, "beta");
        if (gamma != null) {
            y = g.node("Mul", name + "_scaled", List.of(y, g.floats(name + "_gamma", new int[] {width}, gamma.toArray())));
        }
        if (beta != null) {
            y = g.node("Add", name + "_shifted", List.of(y, g.floats(name + "_beta", new int[] {width}, beta.toArray())));
        }
        return y;
    }
}
