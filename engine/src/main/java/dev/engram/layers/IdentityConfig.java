package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of an {@link Identity} layer. Create with {@link Layers#identity()}.
 *
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record IdentityConfig(String name, Shape inputShape) implements LayerConfig<IdentityConfig> {

    @Override
    public IdentityConfig withIdentity(LayerIdentity id) {
        return new IdentityConfig(id.name(), id.inputShape());
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
