package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link EluLayer}. Create with {@link Layers#elu()}. Default {@code alpha} 1.0 (TF.js and
 * Keras). {@code passesMask} defaults to false, TF.js's behaviour; Keras files set it true.
 *
 * @param alpha scale of the negative part, {@code exp(x) - 1}
 * @param passesMask whether a time-step mask passes through (Keras: yes; TF.js 4.22: dropped)
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record EluLayerConfig(double alpha, boolean passesMask, String name, Shape inputShape) implements LayerConfig<EluLayerConfig> {

    /**
     * Validates the fields.
     *
     * @param alpha scale of the negative part, {@code exp(x) - 1}
     * @param passesMask whether a time-step mask passes through
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public EluLayerConfig {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU alpha must be finite, got " + alpha);
        }
    }

    /**
     * With {@code alpha}.
     *
     * @param v the new {@code alpha}
     * @return a copy with {@code alpha} replaced
     */
    public EluLayerConfig withAlpha(double v) {
        return new EluLayerConfig(v, passesMask, name, inputShape);
    }

    /**
     * With the mask behaviour of the given origin.
     *
     * @param p true to pass a time-step mask on (Keras), false to drop it (TF.js)
     * @return a copy with {@code passesMask} replaced
     */
    public EluLayerConfig withPassesMask(boolean p) {
        return new EluLayerConfig(alpha, p, name, inputShape);
    }

    @Override
    public EluLayerConfig withIdentity(LayerIdentity id) {
        return new EluLayerConfig(alpha, passesMask, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "elu";
    }

    @Override
    public Layer create(String layerName) {
        return new EluLayer(layerName, this);
    }
}
