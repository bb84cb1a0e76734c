package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LayerNormalization: over trailing axes (the last, or e.g. [1, 2] of a rank-3 input) the ONNX op from opset 17,
 * else {@code (x - mean) / sqrt(var + eps) · gamma + beta} with ReduceMean over the axes, the weights shaped to
 * broadcast over the others. Keras 3's RMS scaling is {@code x / sqrt(var + eps) · gamma}.
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
        int rank = in.rank();
        java.util.TreeSet<Integer> axes = new java.util.TreeSet<>();
        c.axes().forEach(a -> axes.add(a < 0 ? a + rank : a));
        // the weights broadcast from the first axis on: their sizes there, 1 on the axes between them
        int[] shape = new int[rank - axes.first()];
        for (int a = axes.first(); a < rank; a++) {
            shape[a - axes.first()] = axes.contains(a) ? layer.inputShape().dim(a - 1) : 1;
        }
        boolean trailing = axes.last() == rank - 1 && axes.size() == rank - axes.first();
        if (g.opset() >= 17 && trailing && !c.rmsScaling()) {
            float[] ones = new float[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
            Arrays.fill(ones, 1f);
            List<String> inputs = new ArrayList<>(List.of(x, gamma != null
                    ? g.floats(name + "_gamma", shape, gamma.toArray())
                    : g.floats(name + "_unit_scale", shape, ones)));
            if (beta != null) {
                inputs.add(g.floats(name + "_beta", shape, beta.toArray()));
            }
            return List.of(in.to(g.node("LayerNormalization", name + "_norm", inputs,
                    GraphBuilder.attr("axis", (long) axes.first()), GraphBuilder.attr("epsilon", (float) c.epsilon())),
                    in.rank()));
        }
        long[] reduced = axes.stream().mapToLong(Integer::longValue).toArray();
        String mean = g.reduce("ReduceMean", x, name + "_mean", true, reduced);
        String d = g.node("Sub", name + "_centered", List.of(x, mean));
        String var = g.reduce("ReduceMean", g.node("Mul", name + "_sq", List.of(d, d)), name + "_var", true, reduced);
        String std = g.node("Sqrt", name + "_std", List.of(g.node("Add", name + "_var_eps",
                List.of(var, g.scalar(name + "_epsilon", (float) c.epsilon())))));
        String y = g.node("Div", name + "_xhat", List.of(c.rmsScaling() ? x : d, std));
        return List.of(in.to(scaleShift(g, name, y, gamma, beta, shape), in.rank()));
    }

    /**
     * {@code y · gamma + beta}, each step only when the layer has that weight (shared with BatchNormalization).
     *
     * @param shape the weights' broadcast shape ({@code [width]} for the last axis)
     */
    static String scaleShift(GraphBuilder g, String name, String y, Tensor gamma, Tensor beta, int[] shape) {
        if (gamma != null) {
            String scale = g.floats(name + "_gamma", shape, gamma.toArray());
            y = g.node("Mul", name + "_scaled", List.of(y, scale));
        }
        if (beta != null) {
            String shift = g.floats(name + "_beta", shape, beta.toArray());
            y = g.node("Add", name + "_shifted", List.of(y, shift));
        }
        return y;
    }
}
