package dev.engram.layers;

import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link ActivityRegularization} layer: the identity whose output training
 * penalises with {@code regularizer} (Keras {@code ActivityRegularization(l1, l2)}, whose regularizer is
 * {@code L1L2(l1, l2)}). Create with {@link Layers#activityRegularization(ActivityRegularizer)}.
 *
 * @param regularizer the penalty on the layer's output, with its scaling (Keras 3 sums, tf-keras 2
 *                    divides by the batch size)
 * @param name        null for an automatic name
 * @param inputShape  per-sample input shape (first layer only)
 */
public record ActivityRegularizationConfig(ActivityRegularizer regularizer, String name, Shape inputShape)
        implements LayerConfig<ActivityRegularizationConfig> {

    /**
     * Validates the fields.
     *
     * @param regularizer see the record
     * @param name        see the record
     * @param inputShape  see the record
     */
    public ActivityRegularizationConfig {
        Objects.requireNonNull(regularizer, "ActivityRegularization needs a regularizer (Layers.identity() has none)");
    }

    @Override
    public ActivityRegularizationConfig withIdentity(LayerIdentity id) {
        return new ActivityRegularizationConfig(regularizer, id.name(), id.inputShape());
    }

    /**
     * This layer with another regularizer: the layer is its activity regularizer, so this replaces it
     * rather than adding a second one.
     *
     * @param r the new regularizer
     * @return the changed configuration
     * @throws NullPointerException when {@code r} is null
     */
    @Override
    public ActivityRegularizationConfig withActivityRegularizer(ActivityRegularizer r) {
        return new ActivityRegularizationConfig(r, name, inputShape);
    }

    @Override
    public String defaultNamePrefix() {
        return "activity_regularization";
    }

    @Override
    public Layer create(String layerName) {
        return new ActivityRegularization(layerName, this);
    }
}
