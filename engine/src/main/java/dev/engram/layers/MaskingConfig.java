package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link Masking} layer. Create with {@link Layers#masking(double)}.
 *
 * @param maskValue  a step whose features all equal this value (compared in float32) is masked;
 *                   TF.js default 0
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape {@code [timesteps, features]} (first layer only)
 */
public record MaskingConfig(double maskValue, String name, Shape inputShape) implements LayerConfig<MaskingConfig> {

    /**
     * Validates the fields.
     *
     * @param maskValue  a step whose features all equal this value (compared in float32) is masked;
     *                   TF.js default 0
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape {@code [timesteps, features]} (first layer only)
     */
    public MaskingConfig {
        if (inputShape != null && inputShape.rank() != 2) {
            throw new IllegalArgumentException("Masking inputShape is [timesteps, features] (rank 2), got "
                    + inputShape);
        }
    }

    /**
     * Masks the steps equal to {@code maskValue}.
     *
     * @param maskValue a step whose features all equal this value is masked
     * @return the configuration
     */
    public static MaskingConfig of(double maskValue) {
        return new MaskingConfig(maskValue, null, null);
    }

    @Override
    public MaskingConfig withIdentity(LayerIdentity id) {
        return new MaskingConfig(maskValue, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "masking";
    }

    @Override
    public Layer create(String layerName) {
        return new Masking(layerName, this);
    }
}
