package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link SpatialDropout1D} layer. Create with {@link Layers#spatialDropout1d(double)}.
 *
 * @param rate fraction of channels zeroed in training, in [0, 1)
 * @param seed       seed of the layer's own noise generator, or null to use the training loop's
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record SpatialDropout1DConfig(double rate, Long seed, String name, Shape inputShape) implements LayerConfig<SpatialDropout1DConfig> {

    /**
     * Validates {@code rate}.
     *
     * @param rate fraction of channels zeroed in training, in [0, 1)
     * @param seed       seed of the layer's own noise generator, or null to use the training loop's
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public SpatialDropout1DConfig {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("SpatialDropout1D rate must be in [0, 1), got " + rate);
        }
    }

    /**
     * With {@code rate}.
     *
     * @param rate fraction of channels zeroed in training, in [0, 1)
     * @return the configuration
     */
    public static SpatialDropout1DConfig of(double rate) {
        return new SpatialDropout1DConfig(rate, null, null, null);
    }

    /**
     * With a seed for reproducible noise.
     *
     * @param s the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public SpatialDropout1DConfig withSeed(long s) {
        return new SpatialDropout1DConfig(rate, s, name, inputShape);
    }

    @Override
    public SpatialDropout1DConfig withIdentity(LayerIdentity id) {
        return new SpatialDropout1DConfig(rate, seed, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "spatial_dropout1d";
    }

    @Override
    public Layer create(String layerName) {
        return new SpatialDropout1D(layerName, this);
    }
}
