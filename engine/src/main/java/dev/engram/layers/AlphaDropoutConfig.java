package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link AlphaDropout} layer. Create with {@link Layers#alphaDropout(double)}.
 *
 * @param rate drop probability, in [0, 1)
 * @param seed       seed of the layer's own noise generator, or null to use the training loop's
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record AlphaDropoutConfig(double rate, Long seed, String name, Shape inputShape) implements LayerConfig<AlphaDropoutConfig> {

    /**
     * Validates {@code rate}.
     *
     * @param rate drop probability, in [0, 1)
     * @param seed       seed of the layer's own noise generator, or null to use the training loop's
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public AlphaDropoutConfig {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("AlphaDropout rate must be in [0, 1), got " + rate);
        }
    }

    /**
     * With {@code rate}.
     *
     * @param rate drop probability, in [0, 1)
     * @return the configuration
     */
    public static AlphaDropoutConfig of(double rate) {
        return new AlphaDropoutConfig(rate, null, null, null);
    }

    /**
     * With a seed for reproducible noise.
     *
     * @param s the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public AlphaDropoutConfig withSeed(long s) {
        return new AlphaDropoutConfig(rate, s, name, inputShape);
    }

    @Override
    public AlphaDropoutConfig withIdentity(LayerIdentity id) {
        return new AlphaDropoutConfig(rate, seed, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "alpha_dropout";
    }

    @Override
    public Layer create(String layerName) {
        return new AlphaDropout(layerName, this);
    }
}
