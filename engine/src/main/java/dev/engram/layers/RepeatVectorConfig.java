package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link RepeatVector} layer. Create with {@link Layers#repeatVector(int)}.
 *
 * @param n          number of repetitions, &gt; 0
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape {@code [features]} (first layer only)
 */
public record RepeatVectorConfig(int n, String name, Shape inputShape) implements LayerConfig<RepeatVectorConfig> {

    /**
     * Validates the fields.
     *
     * @param n          number of repetitions, &gt; 0
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape {@code [features]} (first layer only)
     */
    public RepeatVectorConfig {
        if (n <= 0) {
            throw new IllegalArgumentException("RepeatVector n must be > 0, got " + n);
        }
        if (inputShape != null && inputShape.rank() != 1) {
            throw new IllegalArgumentException("RepeatVector inputShape is [features] (rank 1), got " + inputShape);
        }
    }

    /**
     * Repeats its input {@code n} times.
     *
     * @param n the number of repetitions, &gt; 0
     * @return the configuration; the output is {@code [batch, n, features]}
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public static RepeatVectorConfig of(int n) {
        return new RepeatVectorConfig(n, null, null);
    }

    @Override
    public RepeatVectorConfig withIdentity(LayerIdentity id) {
        return new RepeatVectorConfig(n, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "repeat_vector";
    }

    @Override
    public Layer create(String layerName) {
        return new RepeatVector(layerName, this);
    }
}
