package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link Cropping1D} layer. Create with {@link Layers#cropping1d(int, int)};
 * Keras's default is one step from each end.
 *
 * @param cropLeft   steps removed at the start, {@code >= 0}
 * @param cropRight  steps removed at the end, {@code >= 0}
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record Cropping1DConfig(int cropLeft, int cropRight, String name, Shape inputShape) implements LayerConfig {

    /**
     * Validates the crop sizes.
     *
     * @param cropLeft   steps removed at the start, {@code >= 0}
     * @param cropRight  steps removed at the end, {@code >= 0}
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public Cropping1DConfig {
        if (cropLeft < 0 || cropRight < 0) {
            throw new IllegalArgumentException("Cropping1D crops must be >= 0, got (" + cropLeft + ", " + cropRight
                    + ")");
        }
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public Cropping1DConfig withName(String n) {
        return new Cropping1DConfig(cropLeft, cropRight, n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public Cropping1DConfig inputShape(int... dims) {
        return new Cropping1DConfig(cropLeft, cropRight, name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "cropping1d";
    }

    @Override
    public Layer create(String layerName) {
        return new Cropping1D(layerName, this);
    }
}
