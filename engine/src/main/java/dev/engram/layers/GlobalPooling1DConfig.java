package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link GlobalPooling1D} layer, which reduces {@code [batch, steps, features]}
 * to {@code [batch, features]} (channels first: {@code [batch, features, steps]}; with keepDims the steps axis
 * stays, of size 1). Create with {@link Layers#globalAveragePooling1d()} or
 * {@link Layers#globalMaxPooling1d()}.
 *
 * <p>What a time-step mask does here differs by framework, so it is a field ({@code useMask}):
 * Keras 2/3 average pooling leaves masked steps out of the mean; TF.js 4.22 (both modes) and Keras
 * max pooling drop the mask and pool every step.
 *
 * @param mode       average or max
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape {@code [steps, features]}, first layer only
 * @param useMask    true (default): average pooling takes the masked mean; false: the mask is
 *                   ignored. Max pooling never uses a mask. The output carries no mask either way.
 * @param dataFormat channels last (default: {@code [steps, features]}) or first ({@code [features, steps]}); Keras
 *                   {@code data_format}
 * @param keepDims   false (default): {@code [batch, features]}; true: the steps axis kept with size 1, Keras
 *                   {@code keepdims}
 */
public record GlobalPooling1DConfig(PoolingMode mode, String name, Shape inputShape, boolean useMask,
        DataFormat dataFormat, boolean keepDims) implements LayerConfig<GlobalPooling1DConfig> {

    /**
     * Validates the fields.
     *
     * @param mode       average or max
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape {@code [steps, features]}, first layer only
     * @param useMask    true (default): average pooling takes the masked mean; false: the mask is
     *                   ignored. Max pooling never uses a mask. The output carries no mask either way.
     * @param dataFormat channels last or first
     * @param keepDims   whether the steps axis stays with size 1
     */
    public GlobalPooling1DConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /**
     * Channels last without keepDims: the fields before {@code dataFormat} and {@code keepDims} were added.
     *
     * @param mode       average or max
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape {@code [steps, features]}, first layer only
     * @param useMask    whether average pooling takes the masked mean
     */
    public GlobalPooling1DConfig(PoolingMode mode, String name, Shape inputShape, boolean useMask) {
        this(mode, name, inputShape, useMask, DataFormat.CHANNELS_LAST, false);
    }


    /**
     * A pooling layer of the given mode, using masks.
     *
     * @param mode average or max over the time steps
     * @return the configuration
     */
    public static GlobalPooling1DConfig of(PoolingMode mode) {
        return new GlobalPooling1DConfig(mode, null, null, true);
    }

    /**
     * With {@code useMask} (false: TF.js semantics, the mask is ignored).
     *
     * @param v true to pool over unmasked steps only, false to ignore the mask
     * @return the changed configuration
     */
    public GlobalPooling1DConfig withUseMask(boolean v) {
        return new GlobalPooling1DConfig(mode, name, inputShape, v, dataFormat, keepDims);
    }

    /**
     * With another data format.
     *
     * @param f channels last ({@code [steps, features]}) or first ({@code [features, steps]})
     * @return the changed configuration
     */
    public GlobalPooling1DConfig withDataFormat(DataFormat f) {
        return new GlobalPooling1DConfig(mode, name, inputShape, useMask, f, keepDims);
    }

    /**
     * With or without the steps axis kept (size 1).
     *
     * @param v true to keep the steps axis
     * @return the changed configuration
     */
    public GlobalPooling1DConfig withKeepDims(boolean v) {
        return new GlobalPooling1DConfig(mode, name, inputShape, useMask, dataFormat, v);
    }

    @Override
    public GlobalPooling1DConfig withIdentity(LayerIdentity id) {
        return new GlobalPooling1DConfig(mode, id.name(), id.inputShape(), useMask, dataFormat, keepDims);
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
