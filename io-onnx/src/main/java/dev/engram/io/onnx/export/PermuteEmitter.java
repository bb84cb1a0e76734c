package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.PermuteConfig;
import java.util.List;

/** Permute: one {@code Transpose} with the batch axis kept first; the mask is dropped, as in the engine. */
final class PermuteEmitter implements OnnxLayerEmitter<PermuteConfig> {
    @Override
    public Class<PermuteConfig> configType() {
        return PermuteConfig.class;
    }

    @Override
    public String exportedAs() {
        return "Permute";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, PermuteConfig c, List<ExportValue> ins) {
        long[] perm = new long[c.dims().size() + 1];
        for (int i = 0; i < c.dims().size(); i++) {
            perm[i + 1] = c.dims().get(i);
        }
        return List.of(new ExportValue(g.transpose(ins.get(0).name(), layer.name() + "_permuted", perm),
                perm.length, null));
    }
}
