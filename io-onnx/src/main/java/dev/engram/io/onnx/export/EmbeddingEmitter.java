package dev.engram.io.onnx.export;

import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import java.util.List;

/**
 * Embedding: {@code Cast} of the float ids to int64 (the engine truncates ids the same way), then
 * {@code Gather} of the table rows. With maskZero the value carries this layer's mask, so that a
 * layer consuming it can be refused.
 */
final class EmbeddingEmitter extends KeyedEmitter<EmbeddingConfig> {
    EmbeddingEmitter() {
        super(EmbeddingConfig.class, "Embedding");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, EmbeddingConfig c, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String name = layer.name();
        String ids = g.node("Cast", name + "_ids", List.of(x.name()),
                GraphBuilder.attr("to", (long) TensorProto.DataType.INT64_VALUE));
        String t = ExportWeights.initializer(g, name + "_embeddings", ExportWeights.find(layer, WeightRole.EMBEDDINGS));
        String y = g.node("Gather", name + "_gather", List.of(t, ids), GraphBuilder.attr("axis", 0L));
        return List.of(new ExportValue(y, x.rank() + 1, c.maskZero() ? name : null));
    }
}
