package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link GlobalSpatialPooling} layer (Keras and TF.js
 * {@code GlobalAveragePooling2D}, {@code GlobalMaxPooling2D}; Keras {@code GlobalAveragePooling3D},
 * {@code GlobalMaxPooling3D}), which reduces every channel over all spatial axes. Create with
 * {@link Layers#globalAveragePooling2d()} or {@link Layers#globalMaxPooling2d()}. Defaults (TF.js and
 * Keras): channels-last, {@code keepDims} false (TF.js has no keepdims).
 *
 * @param mode       average or max
 * @param rank       the number of spatial axes, 2 (images) or 3 (volumes)
 * @param keepDims   true: the spatial axes stay with size 1 (Keras {@code keepdims})
 * @param dataFormat where the channel axis is
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape, first layer only
 */
public record GlobalSpatialPoolingConfig(PoolingMode mode, int rank, boolean keepDims, DataFormat dataFormat,
        String name, Shape inputShape) implements LayerConfig<GlobalSpatialPoolingConfig> {

    /**
     * Validates the fields.
     *
     * @param mode       average or max
     * @param rank       2 or 3
     * @param keepDims   keep the spatial axes with size 1
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape, first layer only
     */
    public GlobalSpatialPoolingConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException("global spatial pooling rank must be 2 or 3, got " + rank);
        }
    }

    /**
     * Pooling over {@code rank} spatial axes, channels-last, without keepdims.
     *
     * @param mode average or max
     * @param rank 2 or 3
     * @return the configuration
     */
    public static GlobalSpatialPoolingConfig of(PoolingMode mode, int rank) {
        return new GlobalSpatialPoolingConfig(mode, rank, false, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * With the spatial axes kept (size 1) or dropped.
     *
     * @param v the new {@code keepDims}
     * @return a copy with {@code keepDims} replaced
     */
    public GlobalSpatialPoolingConfig withKeepDims(boolean v) {
        return new GlobalSpatialPoolingConfig(mode, rank, v, dataFormat, name, inputShape);
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public GlobalSpatialPoolingConfig withDataFormat(DataFormat f) {
        return new GlobalSpatialPoolingConfig(mode, rank, keepDims, f, name, inputShape);
    }

    @Override
    public GlobalSpatialPoolingConfig withIdentity(LayerIdentity id) {
        return new GlobalSpatialPoolingConfig(mode, rank, keepDims, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return (mode == PoolingMode.AVERAGE ? "global_average_pooling" : "global_max_pooling") + rank + "d";
    }

    @Override
    public Layer create(String layerName) {
        return new GlobalSpatialPooling(layerName, this);
    }
}
