package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;

/** The one place the exporter finds a layer's weights: by their typed {@link WeightRole}. */
final class ExportWeights {
    private ExportWeights() {
    }

    /** The value of {@code layer}'s parameter with {@code role}, or null when the layer has none (no bias). */
    static Tensor find(Layer layer, WeightRole role) {
        for (Parameter p : layer.parameters()) {
            if (p.role() == role) {
                return p.value();
            }
        }
        return null;
    }

    /** An initializer holding {@code t} with its own shape, named after {@code base}. */
    static String initializer(GraphBuilder g, String base, Tensor t) {
        return g.floats(base, t.shape().toArray(), t.toArray());
    }
}
