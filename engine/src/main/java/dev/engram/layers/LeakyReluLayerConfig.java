package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link LeakyReluLayer}. Create with {@link Layers#leakyRelu()}. Default {@code alpha} 0.3 (TF.js and
 * Keras). {@code passesMask} defaults to false, TF.js's behaviour; Keras files set it true.
 *
 * @param alpha slope for inputs at or below 0, {@code >= 0}
 * @param passesMask whether a time-step mask passes through (Keras: yes; TF.js 4.22: dropped)
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record LeakyReluLayerConfig(double alpha, boolean passesMask, String name, Shape inputShape) implements LayerConfig<LeakyReluLayerConfig> {

    /**
     * Validates the fields.
     *
     * @param alpha slope for inputs at or below 0, {@code >= 0}
     * @param passesMask whether a time-step mask passes through
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public LeakyReluLayerConfig {
        if (!Double.isFinite(alpha) || alpha < 0) {
            throw new IllegalArgumentException("LeakyReLU alpha must be finite and >= 0, got " + alpha);
        }
    }

    /**
     * With {@code alpha}.
     *
     * @param v the new {@code alpha}
     * @return a copy with {@code alpha} replaced
     */
    public LeakyReluLayerConfig withAlpha(double v) {
        return new LeakyReluLayerConfig(v, passesMask, name, inputShape);
    }

    /**
     * With the mask behaviour of the given origin.
     *
     * @param p true to pass a time-step mask on (Keras), false to drop it (TF.js)
     * @return a copy with {@code passesMask} replaced
     */
    public LeakyReluLayerConfig withPassesMask(boolean p) {
        return new LeakyReluLayerConfig(alpha, p, name, inputShape);
    }

    @Override
    public LeakyReluLayerConfig withIdentity(LayerIdentity id) {
        return new LeakyReluLayerConfig(alpha, passesMask, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "leaky_re_lu";
    }

    @Override
    public Layer create(String layerName) {
        return new LeakyReluLayer(layerName, this);
    }
}
