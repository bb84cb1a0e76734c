package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.UpSampling1DConfig;
import java.util.List;

/**
 * UpSampling1D: {@code [B, T, C]} unsqueezed to {@code [B, T, 1, C]}, tiled {@code size} times on the
 * new axis and reshaped to {@code [B, T * size, C]} (every step repeated in place, like Keras's
 * {@code repeat} on the step axis).
 */
final class UpSampling1DEmitter implements OnnxLayerEmitter<UpSampling1DConfig> {
    @Override
    public Class<UpSampling1DConfig> configType() {
        return UpSampling1DConfig.class;
    }

    @Override
    public String exportedAs() {
        return "UpSampling1D";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, UpSampling1DConfig c, List<ExportValue> ins) {
        String name = layer.name();
        String x = g.unsqueeze(ins.get(0).name(), 2);
        String tiled = g.node("Tile", name + "_tiled", List.of(x, g.longs(name + "_repeats", 1, 1, c.size(), 1)));
        int channels = layer.inputShape().dim(1);
        String y = g.node("Reshape", name + "_upsampled", List.of(tiled, g.longs(name + "_shape", 0, -1, channels)));
        return List.of(new ExportValue(y, 3, null));
    }
}
