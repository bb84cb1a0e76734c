package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.regularizers.Regularizer;
import dev.engram.tensor.Shape;
import java.util.Objects;
import java.util.function.Consumer;

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
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint)
                implements LayerConfig<DenseConfig> {

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
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public DenseConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public DenseConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public DenseConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public DenseConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    /**
     * {@return a copy with a penalty on the kernel (Keras {@code kernel_regularizer}); null for none}
     * @param r the new {@code kernelRegularizer}
     */
    public DenseConfig withKernelRegularizer(Regularizer r) {
        return edit(w -> w.kernelRegularizer = r);
    }

    /**
     * {@return a copy with a penalty on the bias (Keras {@code bias_regularizer}); null for none}
     * @param r the new {@code biasRegularizer}
     */
    public DenseConfig withBiasRegularizer(Regularizer r) {
        return edit(w -> w.biasRegularizer = r);
    }

    /**
     * {@return a copy with a projection of the kernel after each step (Keras {@code kernel_constraint}); null for none}
     * @param c the new {@code kernelConstraint}
     */
    public DenseConfig withKernelConstraint(Constraint c) {
        return edit(w -> w.kernelConstraint = c);
    }

    /**
     * {@return a copy with a projection of the bias after each step (Keras {@code bias_constraint}); null for none}
     * @param c the new {@code biasConstraint}
     */
    public DenseConfig withBiasConstraint(Constraint c) {
        return edit(w -> w.biasConstraint = c);
    }

    @Override
    public DenseConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "dense";
    }

    @Override
    public Layer create(String layerName) {
        return new Dense(layerName, this);
    }

    private DenseConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int units = DenseConfig.this.units;
        Activation activation = DenseConfig.this.activation;
        boolean useBias = DenseConfig.this.useBias;
        Initializer kernelInitializer = DenseConfig.this.kernelInitializer;
        Initializer biasInitializer = DenseConfig.this.biasInitializer;
        String name = DenseConfig.this.name;
        Shape inputShape = DenseConfig.this.inputShape;
        Regularizer kernelRegularizer = DenseConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = DenseConfig.this.biasRegularizer;
        Constraint kernelConstraint = DenseConfig.this.kernelConstraint;
        Constraint biasConstraint = DenseConfig.this.biasConstraint;

        DenseConfig build() {
            return new DenseConfig(units, activation, useBias, kernelInitializer, biasInitializer, name, inputShape,
                    kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint);
        }
    }
}
