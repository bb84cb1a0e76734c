package dev.engram.layers;

import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.tensor.Shape;

/**
 * The immutable description of a layer: everything needed to create it, nothing learned. Models are
 * built from configurations, and file readers produce them; each layer type has a record
 * implementing this interface (e.g. {@link DenseConfig}, {@link LstmConfig}).
 *
 * <p>The type parameter is the record itself, so the withers shared by every configuration
 * ({@link #withName}, {@link #withInputShape}, {@link #inputShape(int...)}) are written once here
 * and still return the concrete type: {@code Layers.dense(3).withName("out").withUseBias(false)}.
 *
 * @param <C> the configuration's own type
 */
public interface LayerConfig<C extends LayerConfig<C>> {

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
     * The name and input shape as one value (what {@link #withIdentity} takes back).
     *
     * @return the identity
     */
    default LayerIdentity identity() {
        return new LayerIdentity(name(), inputShape());
    }

    /**
     * The same configuration with another name and input shape; the other fields are kept and the
     * result is validated like a new configuration.
     *
     * @param identity the new name and input shape
     * @return the changed configuration
     */
    C withIdentity(LayerIdentity identity);

    /**
     * {@return a copy with a fixed name}
     * @param name the new name, or null for an automatic one
     */
    default C withName(String name) {
        return withIdentity(identity().withName(name));
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param shape the per-sample input shape, batch dimension excluded, or null
     * @return a copy with the input shape replaced
     */
    default C withInputShape(Shape shape) {
        return withIdentity(identity().withInputShape(shape));
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    default C inputShape(int... dims) {
        return withInputShape(Shape.of(dims));
    }

    /**
     * This configuration with a penalty on the layer's outputs added to the training loss (Keras
     * {@code activity_regularizer}): {@code Layers.dense(32).withActivation(Activations.relu())
     * .withActivityRegularizer(ActivityRegularizer.of(Regularizers.l1(1e-5)))}. Call it last: the
     * result wraps this configuration ({@link ActivityRegularizedConfig}), and the layer it creates is
     * the one this configuration creates, with {@link Layer#activityRegularizer()} set.
     *
     * @param regularizer the penalty, or null for none
     * @return the wrapping configuration, or this configuration when {@code regularizer} is null
     */
    default LayerConfig<?> withActivityRegularizer(ActivityRegularizer regularizer) {
        return regularizer == null ? this : new ActivityRegularizedConfig(this, regularizer);
    }

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
