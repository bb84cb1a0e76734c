package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.UnitNormalizationConfig;
import java.util.List;

/** UnitNormalization: {@code x / Max(Sqrt(ReduceSum(x * x, axes)), normFloor)}. */
final class UnitNormalizationEmitter implements OnnxLayerEmitter<UnitNormalizationConfig> {
    @Override
    public Class<UnitNormalizationConfig> configType() {
        return UnitNormalizationConfig.class;
    }

    @Override
    public String exportedAs() {
        return "UnitNormalization";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, UnitNormalizationConfig c, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String n = layer.name();
        String sq = g.node("Mul", n + "_square", List.of(x.name(), x.name()));
        long[] axes = c.axes().stream().mapToLong(Integer::longValue).toArray();
        String norm = g.node("Sqrt", n + "_norm", List.of(g.reduce("ReduceSum", sq, n + "_sum", true, axes)));
        String floor = g.node("Max", n + "_floored", List.of(norm, g.scalar(n + "_floor", (float) c.normFloor())));
        return List.of(x.to(g.node("Div", n + "_unit", List.of(x.name(), floor)), x.rank()));
    }
}
