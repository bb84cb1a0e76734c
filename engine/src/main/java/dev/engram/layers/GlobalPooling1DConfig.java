package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link GlobalPooling1D} layer, which reduces {@code [batch, steps, features]}
 * to {@code [batch, features]}. Create with {@link Layers#globalAveragePooling1d()} or
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
 */
public record GlobalPooling1DConfig(PoolingMode mode, String name, Shape inputShape, boolean useMask)
        implements LayerConfig<GlobalPooling1DConfig> {

    /**
     * Validates the fields.
     *
     * @param mode       average or max
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape {@code [steps, features]}, first layer only
     * @param useMask    true (default): average pooling takes the masked mean; false: the mask is
     *                   ignored. Max pooling never uses a mask. The output carries no mask either way.
     */
    public GlobalPooling1DConfig {
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * As the canonical constructor with {@code useMask} true.
     *
     * @param mode       average or max
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape {@code [steps, features]}, first layer only
     */
    public GlobalPooling1DConfig(PoolingMode mode, String name, Shape inputShape) {
        this(mode, name, inputShape, true);
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
        return new GlobalPooling1DConfig(mode, name, inputShape, v);
    }

    @Override
    public GlobalPooling1DConfig withIdentity(LayerIdentity id) {
        return new GlobalPooling1DConfig(mode, id.name(), id.inputShape(), useMask);
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
