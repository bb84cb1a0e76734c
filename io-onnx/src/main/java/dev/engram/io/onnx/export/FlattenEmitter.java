package dev.engram.io.onnx.export;

import dev.engram.layers.DataFormat;
import dev.engram.layers.FlattenConfig;
import dev.engram.layers.Layer;
import java.util.List;

/**
 * Flatten: ONNX {@code Flatten} at axis 1, keeping the batch; channels-first with spatial axes first
 * moves the channel axis last with a {@code Transpose}, as Keras and TF.js do.
 */
final class FlattenEmitter extends KeyedEmitter<FlattenConfig> {
    FlattenEmitter() {
        super(FlattenConfig.class, "Flatten");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, FlattenConfig c, List<ExportValue> ins) {
        String x = ins.get(0).name();
        int spatial = layer.inputShape().rank() - 1;
        if (c.dataFormat() == DataFormat.CHANNELS_FIRST && spatial >= 1) {
            x = g.transpose(x, layer.name() + "_channels_last", SpatialLayouts.toChannelsLast(spatial));
        }
        return List.of(new ExportValue(g.node("Flatten", layer.name() + "_flat", List.of(x),
                GraphBuilder.attr("axis", 1L)), 2, null));
    }
}
