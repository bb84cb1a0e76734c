package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.EinsumDenseConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * EinsumDense: ONNX {@code Einsum} (opset 12, below the exporter's minimum) with the layer's own equation
 * (ONNX takes Keras's notation, ellipses included), then {@code Add} of the bias in Keras's shape (the
 * output's trailing axes, 1 where not biased: numpy broadcasting, as Keras adds it), then the activation.
 */
final class EinsumDenseEmitter extends KeyedEmitter<EinsumDenseConfig> {
    EinsumDenseEmitter() {
        super(EinsumDenseConfig.class, "EinsumDense");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, EinsumDenseConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        ExportValue x = ins.get(0);
        String name = layer.name();
        String w = ExportWeights.initializer(g, name + "_kernel", ExportWeights.find(layer, WeightRole.KERNEL));
        String y = g.node("Einsum", name + "_einsum", List.of(x.name(), w), GraphBuilder.attr("equation", c.equation()));
        Tensor b = ExportWeights.find(layer, WeightRole.BIAS);
        if (b != null) {
            y = g.node("Add", name + "_add", List.of(y, ExportWeights.initializer(g, name + "_bias", b)));
        }
        return List.of(x.to(ActivationExport.apply(g, c.activation(), y, name), layer.outputShape().rank() + 1));
    }
}
