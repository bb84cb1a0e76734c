package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.ReshapeConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/** Reshape: ONNX {@code Reshape} with {@code 0} keeping the batch and {@code -1} for an unknown size. */
final class ReshapeEmitter extends KeyedEmitter<ReshapeConfig> {
    ReshapeEmitter() {
        super(ReshapeConfig.class, "Reshape");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, ReshapeConfig c, List<ExportValue> ins) {
        Shape t = c.targetShape();
        long[] dims = new long[t.rank() + 1];
        for (int i = 0; i < t.rank(); i++) {
            dims[i + 1] = t.dim(i) == Shape.UNKNOWN ? -1 : t.dim(i);
        }
        String y = g.node("Reshape", layer.name() + "_reshaped", List.of(ins.get(0).name(), g.longs("shape", dims)));
        return List.of(new ExportValue(y, t.rank() + 1, null));
    }
}
