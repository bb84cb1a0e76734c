package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.TimeDistributed;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.layers.Parameter;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits ONNX nodes for one engine layer. Values between layers are batch-major like the engine's
 * ({@code [batch, features]} or {@code [batch, timesteps, features]}).
 */
final class LayerExport {
    private LayerExport() {
    }

    /**
     * Emits one call of {@code layer} on {@code ins}; returns its outputs in the engine's order.
     *
     * @throws UnsupportedOnnxException for a layer, option or activation ONNX cannot express
     */
    static List<ExportValue> emit(GraphBuilder g, Layer layer, List<ExportValue> ins) throws UnsupportedOnnxException {
        LayerConfig c = layer.config();
        ExportValue x = ins.get(0);
        if (RecurrentExport.handles(c)) {
            return RecurrentExport.emit(g, layer, ins);
        }
        if (c instanceof DenseConfig d) {
            return List.of(x.to(dense(g, layer, d, x.name(), x.rank()), x.rank()));
        }
        if (c instanceof DropoutConfig) {
            return List.of(x); // the identity at inference
        }
        if (c instanceof TimeDistributedConfig) {
            Layer inner = ((TimeDistributed) layer).layer();
            if (inner.config() instanceof DenseConfig || inner.config() instanceof DropoutConfig
                    || inner.config() instanceof ActivationLayerConfig) {
                return emit(g, inner, ins); // rank-generic: MatMul + Add / element-wise on [batch, time, ...]
            }
            throw new UnsupportedOnnxException("layer '" + layer.name() + "': TimeDistributed(" + inner.typeName()
                    + ") has no ONNX export; TimeDistributed wraps Dense, Dropout or Activation for export");
        }
        return StructureExport.emit(g, layer, ins);
    }

    static Tensor weight(Layer layer, String role) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(role)) {
                return p.value();
            }
        }
        return null;
    }

    /** Dense: Gemm on 2-D input, MatMul + Add on higher ranks, then the activation. */
    static String dense(GraphBuilder g, Layer layer, DenseConfig c, String x, int rank) throws UnsupportedOnnxException {
        Tensor k = weight(layer, "kernel");
        Tensor b = weight(layer, "bias");
        String name = layer.name();
        String w = g.floats(name + "_kernel", k.shape().toArray(), k.toArray());
        String y;
        if (rank == 2) {
            List<String> in = new ArrayList<>(List.of(x, w));
            if (b != null) {
                in.add(g.floats(name + "_bias", b.shape().toArray(), b.toArray()));
            }
            y = g.node("Gemm", name + "_gemm", in);
        } else {
            y = g.node("MatMul", name + "_matmul", List.of(x, w));
            if (b != null) {
                y = g.node("Add", name + "_add", List.of(y, g.floats(name + "_bias", b.shape().toArray(), b.toArray())));
            }
        }
        return ActivationExport.apply(g, c.activation(), y, name);
    }
}
