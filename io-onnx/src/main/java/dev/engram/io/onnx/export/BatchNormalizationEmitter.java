package dev.engram.io.onnx.export;

import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import java.util.List;

/**
 * BatchNormalization (inference): {@code ((x - movingMean) · invStd) · gamma + beta}, the engine's
 * own float steps with {@code invStd = 1 / sqrt(movingVariance + eps)} folded in double, so ONNX
 * Runtime reproduces the engine's rounding. A feature axis other than the last broadcasts the constants as
 * {@code [width, 1, ...]} (one 1 per axis after it).
 */
final class BatchNormalizationEmitter extends KeyedEmitter<BatchNormalizationConfig> {
    BatchNormalizationEmitter() {
        super(BatchNormalizationConfig.class, "BatchNormalization");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, BatchNormalizationConfig c, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String name = layer.name();
        float[] var = ExportWeights.find(layer, WeightRole.MOVING_VARIANCE).buffer();
        int width = var.length;
        float[] inv = new float[width];
        for (int i = 0; i < width; i++) {
            inv[i] = (float) (1 / Math.sqrt(var[i] + c.epsilon()));
        }
        int axis = c.axis() < 0 ? c.axis() + x.rank() : c.axis();
        int[] shape = new int[x.rank() - axis];
        java.util.Arrays.fill(shape, 1);
        shape[0] = width;
        String y = g.node("Sub", name + "_centered", List.of(x.name(), g.floats(name + "_moving_mean", shape,
                ExportWeights.find(layer, WeightRole.MOVING_MEAN).toArray())));
        y = g.node("Mul", name + "_normalized", List.of(y, g.floats(name + "_inv_std", shape, inv)));
        y = LayerNormalizationEmitter.scaleShift(g, name, y, ExportWeights.find(layer, WeightRole.GAMMA),
                ExportWeights.find(layer, WeightRole.BETA), shape);
        return List.of(x.to(y, x.rank()));
    }
}
