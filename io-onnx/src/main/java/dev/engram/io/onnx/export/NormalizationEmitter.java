package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.NormalizationConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Normalization: {@code (x - mean) / sd} as {@code Sub}+{@code Div}, or {@code mean + x * sd} as
 * {@code Mul}+{@code Add} when inverted, with {@code sd = max(sqrt(variance), 1e-7)} computed here in
 * float as the engine does, and both constants shaped {@code [1, ...]} with the kept axes' sizes and 1
 * elsewhere so that they broadcast over the batch and the reduced axes.
 */
final class NormalizationEmitter extends KeyedEmitter<NormalizationConfig> {
    NormalizationEmitter() {
        super(NormalizationConfig.class, "Normalization");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, NormalizationConfig c, List<ExportValue> ins) {
        Shape in = layer.inputShape();
        int ndim = in.rank() + 1;
        int[] shape = new int[ndim];
        java.util.Arrays.fill(shape, 1);
        int stats = 1;
        for (int a : c.axes()) {
            int k = a < 0 ? a + ndim : a;
            shape[k] = in.dim(k - 1);
        }
        for (int d : shape) {
            stats *= d;
        }
        float[] mean = c.mean() != null ? unboxed(c.mean()) : layer.parameters().get(0).data();
        float[] var = c.variance() != null ? unboxed(c.variance()) : layer.parameters().get(1).data();
        float[] m = new float[stats];
        float[] sd = new float[stats];
        for (int i = 0; i < stats; i++) {
            m[i] = mean[mean.length == 1 ? 0 : i];
            sd[i] = Math.max((float) Math.sqrt(var[var.length == 1 ? 0 : i]), 1e-7f);
        }
        String name = layer.name();
        String mc = g.floats(name + "_mean", shape, m);
        String sc = g.floats(name + "_sd", shape, sd);
        String x = ins.get(0).name();
        String y = c.invert()
                ? g.node("Add", name + "_restored", List.of(mc, g.node("Mul", name + "_scaled", List.of(x, sc))))
                : g.node("Div", name + "_normalized", List.of(g.node("Sub", name + "_centered", List.of(x, mc)), sc));
        return List.of(new ExportValue(y, ndim, ins.get(0).maskSource()));
    }

    private static float[] unboxed(List<Float> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
