package dev.engram.io.onnx.export;

import dev.engram.layers.FlattenConfig;
import dev.engram.layers.Layer;
import java.util.List;

/** Flatten: ONNX {@code Flatten} at axis 1, keeping the batch. */
final class FlattenEmitter extends KeyedEmitter<FlattenConfig> {
    FlattenEmitter() {
        super(FlattenConfig.class, "Flatten");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, FlattenConfig c, List<ExportValue> ins) {
        return List.of(new ExportValue(g.node("Flatten", layer.name() + "_flat", List.of(ins.get(0).name()),
                GraphBuilder.attr("axis", 1L)), 2, null));
    }
}
