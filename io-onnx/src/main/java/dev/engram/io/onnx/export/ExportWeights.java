package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.tensor.Tensor;

/**
 * The one place the exporter finds a layer's weights. The engine's public API names a parameter
 * only by its role string ({@link Parameter#name()}: {@code kernel}, {@code recurrentKernel},
 * {@code bias}, {@code gamma}, ...), so the lookup by role lives here and nowhere else.
 */
final class ExportWeights {
    private ExportWeights() {
    }

    /** The value of {@code layer}'s parameter with {@code role}, or null when the layer has none (no bias). */
    static Tensor find(Layer layer, String role) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(role)) {
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
