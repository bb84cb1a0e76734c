package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.regularizers.Regularizer;
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
 * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
 * @param biasRegularizer   penalty on the bias; default null (none)
 * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
 * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
 */
public record DenseConfig(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer, String name, Shape inputShape, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint) implements LayerConfig {

    /**
     * Validates the fields.
     *
     * @param units             output size, &gt; 0
     * @param activation        default linear
     * @param useBias           default true
     * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default)
     * @param biasInitializer   default zeros
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape, only for the first layer of a model
     * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
     * @param biasRegularizer   penalty on the bias; default null (none)
     * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
     * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
     */
    public DenseConfig {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense units must be > 0, got " + units);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * The configuration without regularizers or constraints (the form before they existed).
     *
     * @param units             output size, &gt; 0
     * @param activation        default linear
     * @param useBias           default true
     * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default)
     * @param biasInitializer   default zeros
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape, only for the first layer of a model
     */
    public DenseConfig(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
            Initializer biasInitializer, String name, Shape inputShape) {
        this(units, activation, useBias, kernelInitializer, biasInitializer, name, inputShape, null, null, null, null);
    }

    /**
     * The TF.js defaults for the given number of units.
     *
     * @param units output size, &gt; 0
     * @return the configuration: linear activation, bias, TF.js initializers
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public static DenseConfig of(int units) {
        return new DenseConfig(units, Activations.linear(), true, Initializers.glorotNormalTfjs(),
                Initializers.zeros(), null, null);
    }

    /**
     * With another activation.
     *
     * @param a the new {@code activation}
     * @return a copy with {@code activation} replaced
     */
    public DenseConfig withActivation(Activation a) {
        return new DenseConfig(units, a, useBias, kernelInitializer, biasInitializer, name, inputShape, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With or without a bias.
     *
     * @param b the new {@code useBias}
     * @return a copy with {@code useBias} replaced
     */
    public DenseConfig withUseBias(boolean b) {
        return new DenseConfig(units, activation, b, kernelInitializer, biasInitializer, name, inputShape, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With another kernel initializer.
     *
     * @param i the new {@code kernelInitializer}
     * @return a copy with {@code kernelInitializer} replaced
     */
    public DenseConfig withKernelInitializer(Initializer i) {
        return new DenseConfig(units, activation, useBias, i, biasInitializer, name, inputShape, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With another bias initializer.
     *
     * @param i the new {@code biasInitializer}
     * @return a copy with {@code biasInitializer} replaced
     */
    public DenseConfig withBiasInitializer(Initializer i) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, i, name, inputShape, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public DenseConfig withName(String n) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, n, inputShape,
                kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public DenseConfig inputShape(int... dims) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name, Shape.of(dims),
                kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With a penalty on the kernel (Keras {@code kernel_regularizer}); null for none.
     *
     * @param r the new {@code kernelRegularizer}
     * @return a copy with {@code kernelRegularizer} replaced
     */
    public DenseConfig withKernelRegularizer(Regularizer r) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name, inputShape, r,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    /**
     * With a penalty on the bias (Keras {@code bias_regularizer}); null for none.
     *
     * @param r the new {@code biasRegularizer}
     * @return a copy with {@code biasRegularizer} replaced
     */
    public DenseConfig withBiasRegularizer(Regularizer r) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name, inputShape,
                kernelRegularizer, r, kernelConstraint, biasConstraint);
    }

    /**
     * With a projection of the kernel after each step (Keras {@code kernel_constraint}); null for none.
     *
     * @param c the new {@code kernelConstraint}
     * @return a copy with {@code kernelConstraint} replaced
     */
    public DenseConfig withKernelConstraint(Constraint c) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name, inputShape,
                kernelRegularizer, biasRegularizer, c, biasConstraint);
    }

    /**
     * With a projection of the bias after each step (Keras {@code bias_constraint}); null for none.
     *
     * @param c the new {@code biasConstraint}
     * @return a copy with {@code biasConstraint} replaced
     */
    public DenseConfig withBiasConstraint(Constraint c) {
        return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name, inputShape,
                kernelRegularizer, biasRegularizer, kernelConstraint, c);
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
