package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link SoftmaxLayer} (Keras and TF.js {@code Softmax}). Create with
 * {@link Layers#softmax(int)}.
 *
 * @param axis       the axis normalised, counted with the batch axis as 0 (negative counts from the
 *                   end; 0 is not allowed). TF.js's default is 1, Keras's -1: the same for
 *                   {@code [batch, features]} inputs, not for sequences
 * @param passesMask whether a time-step mask passes through (Keras: yes; TF.js 4.22: dropped)
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record SoftmaxLayerConfig(int axis, boolean passesMask, String name, Shape inputShape) implements LayerConfig<SoftmaxLayerConfig> {

    /**
     * Validates the axis.
     *
     * @param axis       the axis normalised (batch = 0, not allowed; negative counts from the end)
     * @param passesMask whether a time-step mask passes through
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public SoftmaxLayerConfig {
        if (axis == 0) {
            throw new IllegalArgumentException("Softmax axis 0 is the batch axis; use 1.. or a negative axis");
        }
    }

    /**
     * With the mask behaviour of the given origin.
     *
     * @param p true to pass a time-step mask on (Keras), false to drop it (TF.js)
     * @return a copy with {@code passesMask} replaced
     */
    public SoftmaxLayerConfig withPassesMask(boolean p) {
        return new SoftmaxLayerConfig(axis, p, name, inputShape);
    }

    @Override
    public SoftmaxLayerConfig withIdentity(LayerIdentity id) {
        return new SoftmaxLayerConfig(axis, passesMask, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "softmax";
    }

    @Override
    public Layer create(String layerName) {
        return new SoftmaxLayer(layerName, this);
    }
}
