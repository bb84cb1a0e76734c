package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.RepeatVectorConfig;
import java.util.List;

/** RepeatVector: {@code Unsqueeze} of a time axis, then {@code Expand} to n steps. */
final class RepeatVectorEmitter extends KeyedEmitter<RepeatVectorConfig> {
    RepeatVectorEmitter() {
        super(RepeatVectorConfig.class, "RepeatVector");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, RepeatVectorConfig c, List<ExportValue> ins) {
        String u = g.unsqueeze(ins.get(0).name(), 1);
        String y = g.node("Expand", layer.name() + "_repeat", List.of(u, g.longs("repeat_shape", 1L, c.n(), 1L)));
        return List.of(new ExportValue(y, 3, null));
    }
}
