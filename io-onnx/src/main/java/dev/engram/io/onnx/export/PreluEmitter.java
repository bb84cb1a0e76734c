package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.layers.PreluConfig;
import java.util.List;

/** PReLU: ONNX {@code PRelu} with the learned alpha as the slope (shared axes broadcast as size 1). */
final class PreluEmitter implements OnnxLayerEmitter<PreluConfig> {
    @Override
    public Class<PreluConfig> configType() {
        return PreluConfig.class;
    }

    @Override
    public String exportedAs() {
        return "PReLU";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, PreluConfig c, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String slope = ExportWeights.initializer(g, layer.name() + "_alpha", ExportWeights.find(layer, WeightRole.ALPHA));
        return List.of(x.to(g.node("PRelu", layer.name() + "_prelu", List.of(x.name(), slope)), x.rank()));
    }
}
