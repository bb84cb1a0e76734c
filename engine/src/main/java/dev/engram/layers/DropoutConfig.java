package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link Dropout} layer. Create with {@link Layers#dropout(double)}.
 *
 * @param rate       fraction of inputs zeroed in training, in [0, 1)
 * @param seed       seed of the layer's own mask generator, or null to use the training loop's
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record DropoutConfig(double rate, Long seed, String name, Shape inputShape)
        implements LayerConfig<DropoutConfig> {

    /**
     * Validates the rate.
     *
     * @param rate       fraction of inputs zeroed in training, in [0, 1)
     * @param seed       seed of the layer's own mask generator, or null to use the training loop's
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public DropoutConfig {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        }
    }

    /**
     * Dropout with the given rate.
     *
     * @param rate fraction of inputs set to 0 in training, in [0, 1)
     * @return the configuration
     * @throws IllegalArgumentException when {@code rate} is outside [0, 1)
     */
    public static DropoutConfig of(double rate) {
        return new DropoutConfig(rate, null, null, null);
    }

    /**
     * {@return a copy with a seed for reproducible masks}
     * @param s the new {@code seed}
     */
    public DropoutConfig withSeed(long s) {
        return new DropoutConfig(rate, s, name, inputShape);
    }

    @Override
    public DropoutConfig withIdentity(LayerIdentity id) {
        return new DropoutConfig(rate, seed, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "dropout";
    }

    @Override
    public Layer create(String layerName) {
        return new Dropout(layerName, this);
    }
}
