package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.SoftmaxLayerConfig;
import java.util.List;

/** Softmax layer: ONNX {@code Softmax} on its axis (one-axis semantics, opset 13 and later). */
final class SoftmaxLayerEmitter implements OnnxLayerEmitter<SoftmaxLayerConfig> {
    @Override
    public Class<SoftmaxLayerConfig> configType() {
        return SoftmaxLayerConfig.class;
    }

    @Override
    public String exportedAs() {
        return "Softmax";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, SoftmaxLayerConfig c, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String y = g.node("Softmax", layer.name() + "_softmax", List.of(x.name()), GraphBuilder.attr("axis",
                (long) c.axis()));
        return List.of(new ExportValue(y, x.rank(), layer.supportsMasking() ? x.maskSource() : null));
    }
}
