package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link ThresholdedReluLayer}. Create with {@link Layers#thresholdedRelu()}. Default {@code theta} 1.0 (TF.js and
 * Keras). {@code passesMask} defaults to false, TF.js's behaviour; Keras files set it true.
 *
 * @param theta inputs at or below it give 0, {@code >= 0}
 * @param passesMask whether a time-step mask passes through (Keras: yes; TF.js 4.22: dropped)
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record ThresholdedReluLayerConfig(double theta, boolean passesMask, String name, Shape inputShape) implements LayerConfig<ThresholdedReluLayerConfig> {

    /**
     * Validates the fields.
     *
     * @param theta inputs at or below it give 0, {@code >= 0}
     * @param passesMask whether a time-step mask passes through
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public ThresholdedReluLayerConfig {
        if (!Double.isFinite(theta) || theta < 0) {
            throw new IllegalArgumentException("ThresholdedReLU theta must be finite and >= 0, got " + theta);
        }
    }

    /**
     * With {@code theta}.
     *
     * @param v the new {@code theta}
     * @return a copy with {@code theta} replaced
     */
    public ThresholdedReluLayerConfig withTheta(double v) {
        return new ThresholdedReluLayerConfig(v, passesMask, name, inputShape);
    }

    /**
     * With the mask behaviour of the given origin.
     *
     * @param p true to pass a time-step mask on (Keras), false to drop it (TF.js)
     * @return a copy with {@code passesMask} replaced
     */
    public ThresholdedReluLayerConfig withPassesMask(boolean p) {
        return new ThresholdedReluLayerConfig(theta, p, name, inputShape);
    }

    @Override
    public ThresholdedReluLayerConfig withIdentity(LayerIdentity id) {
        return new ThresholdedReluLayerConfig(theta, passesMask, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "thresholded_re_lu";
    }

    @Override
    public Layer create(String layerName) {
        return new ThresholdedReluLayer(layerName, this);
    }
}
