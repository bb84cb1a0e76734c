package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LayerNormalization over the last axis: the ONNX op from opset 17, else
 * {@code (x - mean) / sqrt(var + eps) · gamma + beta} with ReduceMean.
 */
final class LayerNormalizationEmitter extends KeyedEmitter<LayerNormalizationConfig> {
    LayerNormalizationEmitter() {
        super(LayerNormalizationConfig.class, "LayerNormalization");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, LayerNormalizationConfig c, List<ExportValue> ins) {
        ExportValue in = ins.get(0);
        String x = in.name();
        String name = layer.name();
        Tensor gamma = ExportWeights.find(layer, WeightRole.GAMMA);
        Tensor beta = ExportWeights.find(layer, WeightRole.BETA);
        int width = layer.inputShape().dim(-1);
        if (g.opset() >= 17) {
            float[] ones = new float[width];
            Arrays.fill(ones, 1f);
            List<String> inputs = new ArrayList<>(List.of(x, gamma != null
                    ? g.floats(name + "_gamma", new int[] {width}, gamma.toArray())
                    : g.floats(name + "_unit_scale", new int[] {width}, ones)));
            if (beta != null) {
                inputs.add(g.floats(name + "_beta", new int[] {width}, beta.toArray()));
            }
            return List.of(in.to(g.node("LayerNormalization", name + "_norm", inputs, GraphBuilder.attr("axis", -1L),
                    GraphBuilder.attr("epsilon", (float) c.epsilon())), in.rank()));
        }
        String mean = g.reduce("ReduceMean", x, name + "_mean", true, -1L);
        String d = g.node("Sub", name + "_centered", List.of(x, mean));
        String var = g.reduce("ReduceMean", g.node("Mul", name + "_sq", List.of(d, d)), name + "_var", true, -1L);
        String std = g.node("Sqrt", name + "_std", List.of(g.node("Add", name + "_var_eps",
                List.of(var, g.scalar(name + "_epsilon", (float) c.epsilon())))));
        String y = g.node("Div", name + "_xhat", List.of(d, std));
        return List.of(in.to(scaleShift(g, name, y, gamma, beta, width), in.rank()));
    }

    /** {@code y · gamma + beta}, each step only when the layer has that weight (shared with BatchNormalization). */
    static String scaleShift(GraphBuilder g, String name, String y, Tensor gamma, Tensor beta, int width) {
        if (gamma != null) {
            String scale = g.floats(name + "_gamma", new int[] {width}, gamma.toArray());
            y = g.node("Mul", name + "_scaled", List.of(y, scale));
        }
        if (beta != null) {
            String shift = g.floats(name + "_beta", new int[] {width}, beta.toArray());
            y = g.node("Add", name + "_shifted", List.of(y, shift));
        }
        return y;
    }
}
