package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Dense} layer: {@code y = activation(x · kernel + bias)} on the last axis.
 * Create with {@link Layers#dense(int)}.
 *
 * @param units             output size, &gt; 0
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default)
 * @param biasInitializer   default zeros
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, only for the first layer of a model
 */
public record DenseConfig(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer, String name, Shape inputShape) implements LayerConfig {

    /** Validates the fields. */
    public DenseConfig {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense units must be > 0, got " + units);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /** The TF.js defaults for the given number of units. */
    public static DenseConfig of(int units) {
        return new DenseConfig(units, Activations.linear(), true, Initializers.glorotNormalTfjs(),
                Initializers.zeros(), null, null);
    }

    /** With another activation. */
    public DenseConfig withActivation(Activation a) {
        return new DenseConfig(units, a, useBias, kernelInitializer, biasInitializer, name, inputShape);
    }

    /** With or without a bias. */
    public DenseConfig withUseBias(boolean b) {
        return new DenseConfig(units, activation, b, kernelInitializer, biasInitializer, name, inputShape);
    }

    /** With another kernel initializer. */
    public DenseConfig withKernelInitializer(Initializer i) {
        return new DenseConfig(units, activation, useBias, i, biasInitializer, name, inputShape);
    }

    /** With another bias initializer. */
    public DenseConfig withBiasInitializer(Initializer i) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, i, name, inputShape);
    }

    /** With a fixed name. */
    public DenseConfig withName(String n) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, n, inputShape);
    }

    /** With the per-sample input shape (first layer only). */
    public DenseConfig inputShape(int... dims) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name,
                Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "dense";
    }

    @Override
    public Layer create(String layerName) {
        return new Dense(layerName, this);
    }
}
