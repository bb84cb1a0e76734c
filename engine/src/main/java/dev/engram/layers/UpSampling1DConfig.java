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
public record UpSampling1DConfig(int size, String name, Shape inputShape) implements LayerConfig {

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

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public UpSampling1DConfig withName(String n) {
        return new UpSampling1DConfig(size, n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public UpSampling1DConfig inputShape(int... dims) {
        return new UpSampling1DConfig(size, name, Shape.of(dims));
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
