package dev.engram.io.onnx.export;

import dev.engram.layers.DropoutConfig;
import dev.engram.layers.Layer;
import java.util.List;

/** Dropout: omitted, the identity at inference. */
final class DropoutEmitter implements OnnxLayerEmitter<DropoutConfig> {
    @Override
    public Class<DropoutConfig> configType() {
        return DropoutConfig.class;
    }

    @Override
    public String exportedAs() {
        return "Dropout";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, DropoutConfig c, List<ExportValue> ins) {
        return List.of(ins.get(0));
    }
}
