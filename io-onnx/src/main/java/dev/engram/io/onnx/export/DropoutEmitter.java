package dev.engram.io.onnx.export;

import dev.engram.layers.DropoutConfig;
import dev.engram.layers.Layer;
import java.util.List;

/** Dropout: omitted, the identity at inference. */
final class DropoutEmitter extends KeyedEmitter<DropoutConfig> {
    DropoutEmitter() {
        super(DropoutConfig.class, "Dropout");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, DropoutConfig c, List<ExportValue> ins) {
        return List.of(ins.get(0));
    }
}
