package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * The immutable description of a layer: everything needed to create it, nothing learned. Models are
 * built from configurations, and file readers produce them; each layer type has a record
 * implementing this interface (e.g. {@link DenseConfig}, {@link LstmConfig}).
 */
public interface LayerConfig {

    /**
     * The layer's name, or {@code null} to let the model assign a unique one.
     *
     * @return the name, or null
     */
    String name();

    /**
     * The shape of one input sample, without the batch dimension, or {@code null} when the layer
     * takes its input shape from the layer before it. Only the first layer of a model needs it.
     *
     * @return the per-sample input shape, or null
     */
    Shape inputShape();

    /**
     * The base of auto-generated names, e.g. {@code "lstm"} (models append {@code _1}, {@code _2}...).
     *
     * @return the prefix
     */
    String defaultNamePrefix();

    /**
     * A new, not yet built layer with this configuration and the given (final) name.
     *
     * @param name the layer's name
     * @return the layer, built later by the model
     */
    Layer create(String name);
}
