package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link GaussianDropout} layer. Create with {@link Layers#gaussianDropout(double)}.
 *
 * @param rate drop probability setting the noise variance {@code rate / (1 - rate)}, in [0, 1)
 * @param seed       seed of the layer's own noise generator, or null to use the training loop's
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record GaussianDropoutConfig(double rate, Long seed, String name, Shape inputShape) implements LayerConfig<GaussianDropoutConfig> {

    /**
     * Validates {@code rate}.
     *
     * @param rate drop probability setting the noise variance {@code rate / (1 - rate)}, in [0, 1)
     * @param seed       seed of the layer's own noise generator, or null to use the training loop's
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public GaussianDropoutConfig {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("GaussianDropout rate must be in [0, 1), got " + rate);
        }
    }

    /**
     * With {@code rate}.
     *
     * @param rate drop probability setting the noise variance {@code rate / (1 - rate)}, in [0, 1)
     * @return the configuration
     */
    public static GaussianDropoutConfig of(double rate) {
        return new GaussianDropoutConfig(rate, null, null, null);
    }

    /**
     * With a seed for reproducible noise.
     *
     * @param s the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public GaussianDropoutConfig withSeed(long s) {
        return new GaussianDropoutConfig(rate, s, name, inputShape);
    }

    @Override
    public GaussianDropoutConfig withIdentity(LayerIdentity id) {
        return new GaussianDropoutConfig(rate, seed, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "gaussian_dropout";
    }

    @Override
    public Layer create(String layerName) {
        return new GaussianDropout(layerName, this);
    }
}
