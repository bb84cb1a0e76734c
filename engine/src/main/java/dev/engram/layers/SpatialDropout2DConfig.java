package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link SpatialDropout2D} layer (Keras {@code SpatialDropout2D}; not in TF.js
 * 4.22). Create with {@link Layers#spatialDropout2d(double)}; channels-last by default.
 *
 * @param rate       fraction of channels zeroed in training, in [0, 1)
 * @param seed       seed of the layer's own noise generator, or null to use the training loop's
 * @param dataFormat where the channel axis is
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record SpatialDropout2DConfig(double rate, Long seed, DataFormat dataFormat, String name, Shape inputShape)
        implements LayerConfig<SpatialDropout2DConfig> {

    /**
     * Validates the fields.
     *
     * @param rate       fraction of channels zeroed in training, in [0, 1)
     * @param seed       seed of the layer's own noise generator, or null to use the training loop's
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public SpatialDropout2DConfig {
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("SpatialDropout2D rate must be in [0, 1), got " + rate);
        }
    }

    /**
     * With a seed for reproducible noise.
     *
     * @param s the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public SpatialDropout2DConfig withSeed(long s) {
        return new SpatialDropout2DConfig(rate, s, dataFormat, name, inputShape);
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public SpatialDropout2DConfig withDataFormat(DataFormat f) {
        return new SpatialDropout2DConfig(rate, seed, f, name, inputShape);
    }

    @Override
    public SpatialDropout2DConfig withIdentity(LayerIdentity id) {
        return new SpatialDropout2DConfig(rate, seed, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "spatial_dropout2d";
    }

    @Override
    public Layer create(String layerName) {
        return new SpatialDropout2D(layerName, this);
    }
}
