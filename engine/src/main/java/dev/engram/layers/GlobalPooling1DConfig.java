package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link GlobalPooling1D} layer, which reduces {@code [batch, steps, features]}
 * to {@code [batch, features]}. Create with {@link Layers#globalAveragePooling1d()} or
 * {@link Layers#globalMaxPooling1d()}.
 *
 * @param mode       average or max
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape {@code [steps, features]}, first layer only
 */
public record GlobalPooling1DConfig(PoolingMode mode, String name, Shape inputShape) implements LayerConfig {

    /** Validates the fields. */
    public GlobalPooling1DConfig {
        Objects.requireNonNull(mode, "mode");
    }

    /** A pooling layer of the given mode. */
    public static GlobalPooling1DConfig of(PoolingMode mode) {
        return new GlobalPooling1DConfig(mode, null, null);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public GlobalPooling1DConfig withName(String n) {
        return new GlobalPooling1DConfig(mode, n, inputShape);
    }

    /**
     * With the per-sample input shape {@code [steps, features]} (first layer only; steps may be -1).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public GlobalPooling1DConfig inputShape(int... dims) {
        return new GlobalPooling1DConfig(mode, name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return mode == PoolingMode.AVERAGE ? "global_average_pooling1d" : "global_max_pooling1d";
    }

    @Override
    public Layer create(String layerName) {
        return new GlobalPooling1D(layerName, this);
    }
}
