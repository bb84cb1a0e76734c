package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * The two fields every layer configuration carries, whatever the layer: its name and the shape of
 * one input sample. {@link LayerConfig#withName} and {@link LayerConfig#withInputShape} change them
 * for every configuration type at once.
 *
 * @param name       the layer's name, or null to let the model assign a unique one
 * @param inputShape the per-sample input shape (batch excluded), or null when the layer takes it from
 *                   the layer before it; only the first layer of a model needs it
 */
public record LayerIdentity(String name, Shape inputShape) {

    /** No fixed name, no input shape: the identity of a configuration made by {@link Layers}. */
    public static final LayerIdentity UNNAMED = new LayerIdentity(null, null);

    /**
     * With a fixed name.
     *
     * @param newName the name, or null for an automatic one
     * @return a copy with {@code name} replaced
     */
    public LayerIdentity withName(String newName) {
        return new LayerIdentity(newName, inputShape);
    }

    /**
     * With a per-sample input shape.
     *
     * @param shape the shape, batch dimension excluded, or null
     * @return a copy with {@code inputShape} replaced
     */
    public LayerIdentity withInputShape(Shape shape) {
        return new LayerIdentity(name, shape);
    }
}
