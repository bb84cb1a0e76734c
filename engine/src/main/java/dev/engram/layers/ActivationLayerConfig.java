package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link ActivationLayer} (Keras/TF.js {@code Activation}). Create with
 * {@link Layers#activation(Activation)}.
 *
 * @param activation the function applied, element-wise or (softmax) along the last axis
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record ActivationLayerConfig(Activation activation, String name, Shape inputShape)
        implements LayerConfig<ActivationLayerConfig> {

    /**
     * Validates the fields.
     *
     * @param activation the function applied, element-wise or (softmax) along the last axis
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public ActivationLayerConfig {
        Objects.requireNonNull(activation, "activation");
    }

    /**
     * Applies {@code activation}.
     *
     * @param activation the function applied to the input
     * @return the configuration, with an automatic name
     */
    public static ActivationLayerConfig of(Activation activation) {
        return new ActivationLayerConfig(activation, null, null);
    }

    @Override
    public ActivationLayerConfig withIdentity(LayerIdentity id) {
        return new ActivationLayerConfig(activation, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "activation";
    }

    @Override
    public Layer create(String layerName) {
        return new ActivationLayer(layerName, this);
    }
}
