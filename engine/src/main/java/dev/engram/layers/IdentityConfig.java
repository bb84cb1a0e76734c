package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of an {@link Identity} layer. Create with {@link Layers#identity()}.
 *
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record IdentityConfig(String name, Shape inputShape) implements LayerConfig {

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public IdentityConfig withName(String n) {
        return new IdentityConfig(n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public IdentityConfig inputShape(int... dims) {
        return new IdentityConfig(name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "identity";
    }

    @Override
    public Layer create(String layerName) {
        return new Identity(layerName, this);
    }
}
