package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.RmsNormalizationConfig;
import dev.engram.layers.WeightRole;
import java.util.List;

/**
 * RMSNormalization decomposed for every opset the exporter writes (ONNX's own RMSNormalization op is opset 23):
 * {@code x / Sqrt(ReduceMean(x * x, axes) + epsilon) * scale}, the scale broadcasting over the trailing axes as
 * in Keras.
 */
final class RmsNormalizationEmitter extends KeyedEmitter<RmsNormalizationConfig> {
    RmsNormalizationEmitter() {
        super(RmsNormalizationConfig.class, "RMSNormalization");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, RmsNormalizationConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        ExportValue x = ins.get(0);
        String n = layer.name();
        String sq = g.node("Mul", n + "_square", List.of(x.name(), x.name()));
        long[] axes = c.axes().stream().mapToLong(Integer::longValue).toArray();
        String mean = g.reduce("ReduceMean", sq, n + "_mean", true, axes);
        String rms = g.node("Sqrt", n + "_rms", List.of(g.node("Add", n + "_eps", List.of(mean,
                g.scalar(n + "_epsilon", (float) c.epsilon())))));
        String unit = g.node("Div", n + "_unit", List.of(x.name(), rms));
        String scale = ExportWeights.initializer(g, n + "_scale", ExportWeights.find(layer, WeightRole.SCALE));
        return List.of(x.to(g.node("Mul", n + "_scaled", List.of(unit, scale)), x.rank()));
    }
}
