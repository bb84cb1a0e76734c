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
public record ReshapeConfig(Shape targetShape, String name, Shape inputShape) implements LayerConfig<ReshapeConfig> {

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

    @Override
    public ReshapeConfig withIdentity(LayerIdentity id) {
        return new ReshapeConfig(targetShape, id.name(), id.inputShape());
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
