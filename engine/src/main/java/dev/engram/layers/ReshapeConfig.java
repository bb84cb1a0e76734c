package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Reshape} layer. Create with {@link Layers#reshape(int...)}.
 *
 * @param targetShape per-sample output shape; at most one dimension may be {@link Shape#UNKNOWN}
 *                    (-1), inferred from the number of values per sample
 * @param name        null for an automatic name
 * @param inputShape  per-sample input shape (first layer only)
 */
public record ReshapeConfig(Shape targetShape, String name, Shape inputShape) implements LayerConfig {

    /**
     * Validates the target shape: positive dimensions and at most one -1.
     *
     * @param targetShape per-sample output shape; at most one dimension may be {@link Shape#UNKNOWN}
     *                    (-1), inferred from the number of values per sample
     * @param name        null for an automatic name
     * @param inputShape  per-sample input shape (first layer only)
     */
    public ReshapeConfig {
        Objects.requireNonNull(targetShape, "targetShape");
        int unknown = 0;
        for (int i = 0; i < targetShape.rank(); i++) {
            if (targetShape.dim(i) == Shape.UNKNOWN) {
                unknown++;
            } else if (targetShape.dim(i) <= 0) {
                throw new IllegalArgumentException("Reshape target dimensions must be > 0 or -1, got " + targetShape);
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape target shape may have only one unknown (-1) dimension, got "
                    + targetShape);
        }
    }

    /**
     * Reshapes each sample to {@code targetShape} (one -1 allowed).
     *
     * @param targetShape the per-sample output shape; -1 once for a dimension inferred from the size
     * @return the configuration
     */
    public static ReshapeConfig of(int... targetShape) {
        return new ReshapeConfig(Shape.of(targetShape), null, null);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public ReshapeConfig withName(String n) {
        return new ReshapeConfig(targetShape, n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public ReshapeConfig inputShape(int... dims) {
        return new ReshapeConfig(targetShape, name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "reshape";
    }

    @Override
    public Layer create(String layerName) {
        return new Reshape(layerName, this);
    }
}
