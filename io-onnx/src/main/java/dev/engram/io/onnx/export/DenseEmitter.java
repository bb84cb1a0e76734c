package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Dense: {@code Gemm} on 2-D input, {@code MatMul + Add} on higher ranks, then the activation. */
final class DenseEmitter extends KeyedEmitter<DenseConfig> {
    DenseEmitter() {
        super(DenseConfig.class, "Dense");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, DenseConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        ExportValue x = ins.get(0);
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        String name = layer.name();
        String w = ExportWeights.initializer(g, name + "_kernel", ExportWeights.find(layer, WeightRole.KERNEL));
        String y;
        if (x.rank() == 2) {
            List<String> in = new ArrayList<>(List.of(x.name(), w));
            if (b != null) {
                in.add(ExportWeights.initializer(g, name + "_bias", b));
            }
            y = g.node("Gemm", name + "_gemm", in);
        } else {
            y = g.node("MatMul", name + "_matmul", List.of(x.name(), w));
            if (b != null) {
                y = g.node("Add", name + "_add", List.of(y, ExportWeights.initializer(g, name + "_bias", b)));
            }
        }
        return List.of(x.to(ActivationExport.apply(g, c.activation(), y, name), x.rank()));
    }
}
