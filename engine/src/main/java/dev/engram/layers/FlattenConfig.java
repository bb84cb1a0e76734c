package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link Flatten} layer. Create with {@link Layers#flatten()}.
 *
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record FlattenConfig(String name, Shape inputShape) implements LayerConfig {

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public FlattenConfig withName(String n) {
        return new FlattenConfig(n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public FlattenConfig inputShape(int... dims) {
        return new FlattenConfig(name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "flatten";
    }

    @Override
    public Layer create(String layerName) {
        return new Flatten(layerName, this);
    }
}
