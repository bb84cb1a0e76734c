package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of an {@link UpSampling1D} layer. Create with {@link Layers#upSampling1d(int)};
 * Keras's default size is 2.
 *
 * @param size       how many times each step is repeated, {@code > 0}
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record UpSampling1DConfig(int size, String name, Shape inputShape) implements LayerConfig<UpSampling1DConfig> {

    /**
     * Validates the size.
     *
     * @param size       how many times each step is repeated, {@code > 0}
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public UpSampling1DConfig {
        if (size <= 0) {
            throw new IllegalArgumentException("UpSampling1D size must be > 0, got " + size);
        }
    }

    @Override
    public UpSampling1DConfig withIdentity(LayerIdentity id) {
        return new UpSampling1DConfig(size, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "up_sampling1d";
    }

    @Override
    public Layer create(String layerName) {
        return new UpSampling1D(layerName, this);
    }
}
