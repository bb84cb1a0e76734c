package dev.engram.io.onnx.convert;

import dev.engram.layers.Direction;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.Map;

/**
 * Which weight of a converted layer a tensor read from the graph is: its typed role and, inside a
 * Bidirectional layer, its direction. The converter's weight maps are keyed by it, and
 * {@link #assign} matches them to a built layer's parameters the same way (no parameter names).
 *
 * @param role      kernel, recurrentKernel, bias, ...
 * @param direction the Bidirectional half, or {@link Direction#NONE}
 */
record WeightKey(WeightRole role, Direction direction) {
    /** A weight outside a Bidirectional layer. */
    static WeightKey of(WeightRole role) {
        return new WeightKey(role, Direction.NONE);
    }

    /** The same role in a Bidirectional half. */
    WeightKey in(Direction d) {
        return new WeightKey(role, d);
    }

    /**
     * Sets a built layer's parameters from converted weights, matched by role and direction; a
     * parameter without a weight keeps its value (there is none: the converter reads every weight).
     */
    static void assign(Layer layer, Map<WeightKey, Tensor> w, ConversionGraph graph)
            throws dev.engram.io.onnx.UnsupportedOnnxException {
        for (Parameter p : layer.parameters()) {
            Tensor t = w.get(new WeightKey(p.role(), p.direction()));
            if (t != null) {
                try {
                    p.assign(t);
                } catch (IllegalArgumentException e) {
                    // The graph's shapes disagree with each other (a weight that no longer fits the layer's input).
                    throw graph.refuse("layer '" + layer.name() + "': " + e.getMessage());
                }
            }
        }
    }
}
