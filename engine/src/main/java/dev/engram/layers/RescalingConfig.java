package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link Rescaling} layer. Create with {@link Layers#rescaling(double)}.
 *
 * @param scale      the factor every value is multiplied by (e.g. {@code 1/255.0})
 * @param offset     added after scaling; TF.js and Keras default 0
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record RescalingConfig(double scale, double offset, String name, Shape inputShape)
        implements LayerConfig<RescalingConfig> {

    /**
     * Validates that scale and offset are finite.
     *
     * @param scale      the factor
     * @param offset     the offset
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public RescalingConfig {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Rescaling scale and offset must be finite, got scale " + scale
                    + ", offset " + offset);
        }
    }

    /**
     * With another offset.
     *
     * @param o the value added after scaling
     * @return a copy with the offset replaced
     */
    public RescalingConfig withOffset(double o) {
        return new RescalingConfig(scale, o, name, inputShape);
    }

    @Override
    public RescalingConfig withIdentity(LayerIdentity id) {
        return new RescalingConfig(scale, offset, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "rescaling";
    }

    @Override
    public Layer create(String layerName) {
        return new Rescaling(layerName, this);
    }
}
