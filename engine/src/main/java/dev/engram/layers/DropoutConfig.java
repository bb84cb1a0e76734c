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
public record DropoutConfig(double rate, Long seed, String name, Shape inputShape) implements LayerConfig {

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
     * With a seed for reproducible masks.
     *
     * @param s the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public DropoutConfig withSeed(long s) {
        return new DropoutConfig(rate, s, name, inputShape);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public DropoutConfig withName(String n) {
        return new DropoutConfig(rate, seed, n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public DropoutConfig inputShape(int... dims) {
        return new DropoutConfig(rate, seed, name, Shape.of(dims));
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
