package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link GaussianNoise} layer. Create with {@link Layers#gaussianNoise(double)}.
 *
 * @param stddev standard deviation of the added noise, {@code >= 0}
 * @param seed       seed of the layer's own noise generator, or null to use the training loop's
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record GaussianNoiseConfig(double stddev, Long seed, String name, Shape inputShape) implements LayerConfig<GaussianNoiseConfig> {

    /**
     * Validates {@code stddev}.
     *
     * @param stddev standard deviation of the added noise, {@code >= 0}
     * @param seed       seed of the layer's own noise generator, or null to use the training loop's
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public GaussianNoiseConfig {
        if (!(stddev >= 0 && Double.isFinite(stddev))) {
            throw new IllegalArgumentException("GaussianNoise stddev must be finite and >= 0, got " + stddev);
        }
    }

    /**
     * With {@code stddev}.
     *
     * @param stddev standard deviation of the added noise, {@code >= 0}
     * @return the configuration
     */
    public static GaussianNoiseConfig of(double stddev) {
        return new GaussianNoiseConfig(stddev, null, null, null);
    }

    /**
     * With a seed for reproducible noise.
     *
     * @param s the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public GaussianNoiseConfig withSeed(long s) {
        return new GaussianNoiseConfig(stddev, s, name, inputShape);
    }

    @Override
    public GaussianNoiseConfig withIdentity(LayerIdentity id) {
        return new GaussianNoiseConfig(stddev, seed, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "gaussian_noise";
    }

    @Override
    public Layer create(String layerName) {
        return new GaussianNoise(layerName, this);
    }
}
