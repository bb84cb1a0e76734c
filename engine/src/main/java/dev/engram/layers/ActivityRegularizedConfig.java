package dev.engram.layers;

import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * A layer configuration with an activity regularizer: the layer {@code layer} describes, whose
 * outputs training penalises (Keras {@code activity_regularizer}, any layer type). Made by
 * {@link LayerConfig#withActivityRegularizer}; the created layer is the wrapped configuration's own
 * layer (its {@link Layer#config()} is {@code layer}) with {@link Layer#activityRegularizer()} set,
 * so inference, weights and exporters see the plain layer.
 *
 * @param layer       the configuration of the regularized layer; not itself an {@code ActivityRegularizedConfig}
 * @param regularizer the penalty on the layer's outputs
 */
public record ActivityRegularizedConfig(LayerConfig<?> layer, ActivityRegularizer regularizer)
        implements LayerConfig<ActivityRegularizedConfig> {

    /**
     * Validates the fields.
     *
     * @param layer       see the record
     * @param regularizer see the record
     */
    public ActivityRegularizedConfig {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(regularizer, "regularizer");
        if (layer instanceof ActivityRegularizedConfig || layer instanceof ActivityRegularizationConfig) {
            throw new IllegalArgumentException("layer " + layer + " already has an activity regularizer");
        }
    }

    @Override
    public String name() {
        return layer.name();
    }

    @Override
    public Shape inputShape() {
        return layer.inputShape();
    }

    @Override
    public ActivityRegularizedConfig withIdentity(LayerIdentity identity) {
        return new ActivityRegularizedConfig(layer.withIdentity(identity), regularizer);
    }

    /**
     * The wrapped configuration with another activity regularizer (replacing this one), or without
     * one when {@code r} is null.
     *
     * @param r the new activity regularizer, or null
     * @return the wrapped configuration with {@code r}
     */
    @Override
    public LayerConfig<?> withActivityRegularizer(ActivityRegularizer r) {
        return layer.withActivityRegularizer(r);
    }

    @Override
    public String defaultNamePrefix() {
        return layer.defaultNamePrefix();
    }

    /**
     * The refusal of an activity regularizer on a wrapped layer: the wrapper runs the inner layer
     * itself, outside the model's graph, and the peers disagree there (tf-keras's TimeDistributed
     * divides by batch times steps, Keras 3's skips the inner layer's regularizer).
     */
    static IllegalArgumentException notInWrapper(String wrapper) {
        return new IllegalArgumentException(wrapper + " cannot wrap a layer with an activity regularizer;"
                + " put the activity regularizer on the " + wrapper + " layer itself");
    }

    @Override
    public Layer create(String name) {
        Layer created = layer.create(name);
        created.activityRegularizer(regularizer);
        return created;
    }
}
