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
public record Cropping1DConfig(int cropLeft, int cropRight, String name, Shape inputShape) implements LayerConfig<Cropping1DConfig> {

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

    @Override
    public Cropping1DConfig withIdentity(LayerIdentity id) {
        return new Cropping1DConfig(cropLeft, cropRight, id.name(), id.inputShape());
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
