package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.Layer;
import java.util.List;

/** Activation: the activation's nodes ({@link ActivationExport}), any rank. */
final class ActivationEmitter extends KeyedEmitter<ActivationLayerConfig> {
    ActivationEmitter() {
        super(ActivationLayerConfig.class, "Activation");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, ActivationLayerConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        ExportValue x = ins.get(0);
        return List.of(x.to(ActivationExport.apply(g, c.activation(), x.name(), layer.name()), x.rank()));
    }
}
