package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link SpatialPooling} layer (Keras and TF.js {@code MaxPooling2D},
 * {@code AveragePooling2D}, {@code MaxPooling3D}, {@code AveragePooling3D}); the rank is the length
 * of {@code poolSize}. Create with {@link Layers#maxPooling2d(int, int)},
 * {@link Layers#averagePooling2d(int, int)}, {@link Layers#maxPooling3d(int, int, int)} or
 * {@link Layers#averagePooling3d(int, int, int)}. Defaults (TF.js and Keras): strides equal to the
 * pool size, valid padding, channels-last (the peers' default pool size is 2 on every axis).
 *
 * @param mode       max or average of each window
 * @param poolSize   window size per spatial axis ({@code [rows, cols]} or {@code [depth, rows, cols]}), each {@code > 0}
 * @param strides    steps between windows per spatial axis, each {@code > 0}
 * @param padding    {@link Padding#VALID} or {@link Padding#SAME} (causal is refused)
 * @param dataFormat where the channel axis is
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record SpatialPoolingConfig(PoolingMode mode, List<Integer> poolSize, List<Integer> strides, Padding padding,
        DataFormat dataFormat, String name, Shape inputShape) implements LayerConfig<SpatialPoolingConfig> {

    /**
     * Validates the fields.
     *
     * @param mode       max or average of each window
     * @param poolSize   window size per spatial axis (2 or 3 of them), each {@code > 0}
     * @param strides    steps between windows, as many as {@code poolSize}, each {@code > 0}
     * @param padding    {@link Padding#VALID} or {@link Padding#SAME}
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public SpatialPoolingConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(padding, "padding");
        Objects.requireNonNull(dataFormat, "dataFormat");
        poolSize = List.copyOf(poolSize);
        strides = List.copyOf(strides);
        if (poolSize.size() < 2 || poolSize.size() > 3 || strides.size() != poolSize.size()) {
            throw new IllegalArgumentException("spatial pooling takes 2 or 3 pool sizes and as many strides, got poolSize "
                    + poolSize + ", strides " + strides);
        }
        for (int i = 0; i < poolSize.size(); i++) {
            if (poolSize.get(i) <= 0 || strides.get(i) <= 0) {
                throw new IllegalArgumentException("pooling poolSize and strides must be > 0, got poolSize " + poolSize
                        + ", strides " + strides);
            }
        }
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException("pooling padding must be VALID or SAME, got CAUSAL");
        }
    }

    /**
     * Pooling with windows of {@code poolSize}, strides equal to the pool size, valid padding, channels-last.
     *
     * @param mode     max or average
     * @param poolSize the window size per spatial axis (2 or 3 values)
     * @return the configuration
     */
    public static SpatialPoolingConfig of(PoolingMode mode, int... poolSize) {
        List<Integer> k = java.util.Arrays.stream(poolSize).boxed().toList();
        return new SpatialPoolingConfig(mode, k, k, Padding.VALID, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * The number of spatial axes: 2 for images, 3 for volumes.
     *
     * @return 2 or 3
     */
    public int rank() {
        return poolSize.size();
    }

    /**
     * With the steps between windows, one per spatial axis.
     *
     * @param s the new {@code strides}, each {@code > 0}
     * @return a copy with {@code strides} replaced
     */
    public SpatialPoolingConfig withStrides(int... s) {
        return new SpatialPoolingConfig(mode, poolSize, java.util.Arrays.stream(s).boxed().toList(), padding,
                dataFormat, name, inputShape);
    }

    /**
     * With valid or same padding.
     *
     * @param p the new {@code padding}
     * @return a copy with {@code padding} replaced
     */
    public SpatialPoolingConfig withPadding(Padding p) {
        return new SpatialPoolingConfig(mode, poolSize, strides, p, dataFormat, name, inputShape);
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public SpatialPoolingConfig withDataFormat(DataFormat f) {
        return new SpatialPoolingConfig(mode, poolSize, strides, padding, f, name, inputShape);
    }

    @Override
    public SpatialPoolingConfig withIdentity(LayerIdentity id) {
        return new SpatialPoolingConfig(mode, poolSize, strides, padding, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return (mode == PoolingMode.MAX ? "max_pooling" : "average_pooling") + rank() + "d";
    }

    @Override
    public Layer create(String layerName) {
        return new SpatialPooling(layerName, this);
    }
}
