package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.RescalingConfig;
import java.util.List;

/** Rescaling: {@code Mul} by the scale, then {@code Add} of the offset (float32 constants, as the engine computes). */
final class RescalingEmitter extends KeyedEmitter<RescalingConfig> {
    RescalingEmitter() {
        super(RescalingConfig.class, "Rescaling");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, RescalingConfig c, List<ExportValue> ins) {
        String name = layer.name();
        String scaled = g.node("Mul", name + "_scaled", List.of(ins.get(0).name(),
                g.scalar(name + "_scale", (float) c.scale())));
        String y = g.node("Add", name + "_shifted", List.of(scaled, g.scalar(name + "_offset", (float) c.offset())));
        return List.of(new ExportValue(y, ins.get(0).rank(), null));
    }
}
