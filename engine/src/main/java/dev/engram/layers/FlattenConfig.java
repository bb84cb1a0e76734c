package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link Flatten} layer. Create with {@link Layers#flatten()}.
 *
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record FlattenConfig(String name, Shape inputShape) implements LayerConfig<FlattenConfig> {

    @Override
    public FlattenConfig withIdentity(LayerIdentity id) {
        return new FlattenConfig(id.name(), id.inputShape());
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
