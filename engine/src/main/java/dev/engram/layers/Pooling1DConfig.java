package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Pooling1D} layer (Keras and TF.js {@code MaxPooling1D},
 * {@code AveragePooling1D}). Create with {@link Layers#maxPooling1d(int)} or
 * {@link Layers#averagePooling1d(int)}. Defaults (TF.js and Keras): pool size 2, strides equal to
 * the pool size, valid padding, channels-last.
 *
 * @param mode       max or average of each window
 * @param poolSize   window length in steps, {@code > 0}
 * @param strides    steps between windows, {@code > 0}
 * @param padding    {@link Padding#VALID} or {@link Padding#SAME} (causal is refused)
 * @param dataFormat where the channel axis is
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record Pooling1DConfig(PoolingMode mode, int poolSize, int strides, Padding padding, DataFormat dataFormat,
        String name, Shape inputShape) implements LayerConfig<Pooling1DConfig> {

    /**
     * Validates the fields.
     *
     * @param mode       max or average of each window
     * @param poolSize   window length in steps, {@code > 0}
     * @param strides    steps between windows, {@code > 0}
     * @param padding    {@link Padding#VALID} or {@link Padding#SAME}
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public Pooling1DConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(padding, "padding");
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (poolSize <= 0 || strides <= 0) {
            throw new IllegalArgumentException("Pooling1D poolSize and strides must be > 0, got poolSize " + poolSize
                    + ", strides " + strides);
        }
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException("Pooling1D padding must be VALID or SAME, got CAUSAL");
        }
    }

    /**
     * Pooling with windows of {@code poolSize} steps, strides equal to the pool size, valid padding.
     *
     * @param mode     max or average
     * @param poolSize the window length, {@code > 0}
     * @return the configuration
     */
    public static Pooling1DConfig of(PoolingMode mode, int poolSize) {
        return new Pooling1DConfig(mode, poolSize, poolSize, Padding.VALID, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * With the steps between windows.
     *
     * @param s the new {@code strides}, {@code > 0}
     * @return a copy with {@code strides} replaced
     */
    public Pooling1DConfig withStrides(int s) {
        return new Pooling1DConfig(mode, poolSize, s, padding, dataFormat, name, inputShape);
    }

    /**
     * With valid or same padding.
     *
     * @param p the new {@code padding}
     * @return a copy with {@code padding} replaced
     */
    public Pooling1DConfig withPadding(Padding p) {
        return new Pooling1DConfig(mode, poolSize, strides, p, dataFormat, name, inputShape);
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public Pooling1DConfig withDataFormat(DataFormat f) {
        return new Pooling1DConfig(mode, poolSize, strides, padding, f, name, inputShape);
    }

    @Override
    public Pooling1DConfig withIdentity(LayerIdentity id) {
        return new Pooling1DConfig(mode, poolSize, strides, padding, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return mode == PoolingMode.MAX ? "max_pooling1d" : "average_pooling1d";
    }

    @Override
    public Layer create(String layerName) {
        return new Pooling1D(layerName, this);
    }
}
