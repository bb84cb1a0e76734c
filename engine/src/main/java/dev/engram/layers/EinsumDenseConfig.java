package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.regularizers.Regularizer;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of an {@link EinsumDense} layer (Keras {@code EinsumDense}; not in TF.js 4.22):
 * {@code y = activation(einsum(equation, x, kernel) + bias)}. Create with
 * {@link Layers#einsumDense(String, int...)}.
 *
 * @param equation          {@code input,kernel->output} in Keras's forms ({@code abc,cd->abd},
 *                          {@code ...b,bc->...c}, {@code ab...,bc->ac...}); see {@link EinsumDense}
 * @param outputShape       the output's dimensions as Keras's {@code output_shape} gives them: without the
 *                          batch axis and the elided axes, one per remaining output label in order;
 *                          {@link Shape#UNKNOWN} where the input decides (a kernel-only label needs a size)
 * @param biasAxes          the output labels the bias spans (Keras {@code bias_axes}), or null for no bias
 * @param activation        default linear
 * @param kernelInitializer default glorot uniform (Keras's default)
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel, or null
 * @param biasRegularizer   penalty on the bias, or null
 * @param kernelConstraint  projection of the kernel after each step, or null
 * @param biasConstraint    projection of the bias after each step, or null
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape (first layer only)
 */
public record EinsumDenseConfig(String equation, List<Integer> outputShape, String biasAxes, Activation activation,
        Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape) implements LayerConfig<EinsumDenseConfig>, KernelBiasSettings {

    /**
     * Validates the equation, the output shape's length and the bias axes.
     *
     * @param equation          the einsum equation
     * @param outputShape       the output dimensions (see the record's description)
     * @param biasAxes          the biased output labels, or null
     * @param activation        the activation
     * @param kernelInitializer the kernel's initializer
     * @param biasInitializer   the bias's initializer
     * @param kernelRegularizer the kernel's penalty, or null
     * @param biasRegularizer   the bias's penalty, or null
     * @param kernelConstraint  the kernel's constraint, or null
     * @param biasConstraint    the bias's constraint, or null
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape (first layer only)
     */
    public EinsumDenseConfig {
        EinsumEquation eq = EinsumEquation.parse(equation);
        outputShape = List.copyOf(outputShape);
        int explicit = eq.outputLabels().length() - (eq.elision() == EinsumEquation.Elision.LEFT ? 0 : 1);
        if (outputShape.size() != explicit) {
            throw new IllegalArgumentException("EinsumDense equation '" + equation + "' needs an output shape of "
                    + explicit + " dimensions (one per output label, batch and elided axes excluded), got "
                    + outputShape);
        }
        for (int d : outputShape) {
            if (d <= 0 && d != Shape.UNKNOWN) {
                throw new IllegalArgumentException("EinsumDense output shape " + outputShape
                        + " has a dimension that is neither positive nor unknown");
            }
        }
        if (biasAxes != null) {
            if (biasAxes.isEmpty() || biasAxes.chars().distinct().count() != biasAxes.length()) {
                throw new IllegalArgumentException("EinsumDense bias axes '" + biasAxes + "' must be distinct labels");
            }
            for (char c : biasAxes.toCharArray()) {
                if (eq.outputLabels().indexOf(c) < 0) {
                    throw new IllegalArgumentException("EinsumDense bias axis '" + c + "' is not an output label of '"
                            + equation + "'");
                }
                if (eq.elision() != EinsumEquation.Elision.LEFT && c == eq.outputLabels().charAt(0)) {
                    throw new IllegalArgumentException("EinsumDense bias axis '" + c + "' is the batch axis of '"
                            + equation + "'");
                }
            }
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * Keras's defaults: no bias, linear, glorot-uniform kernel, zero bias.
     *
     * @param equation    the einsum equation
     * @param outputShape the output dimensions ({@link Shape#UNKNOWN} where the input decides)
     * @return the configuration
     */
    static EinsumDenseConfig of(String equation, int... outputShape) {
        return new EinsumDenseConfig(equation, java.util.Arrays.stream(outputShape).boxed().toList(), null,
                Activations.linear(), Initializers.glorotUniform(), Initializers.zeros(), null, null, null, null,
                null, null);
    }

    /** {@return whether the layer has a bias, i.e. {@link #biasAxes()} is set} */
    @Override
    public boolean useBias() {
        return biasAxes != null;
    }

    /**
     * {@return a copy with a bias over the given output labels; null for none}
     * @param axes the new {@code biasAxes}
     */
    public EinsumDenseConfig withBiasAxes(String axes) {
        return edit(w -> w.biasAxes = axes);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public EinsumDenseConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with other initializers}
     * @param kernel the new {@code kernelInitializer}
     * @param bias   the new {@code biasInitializer}
     */
    public EinsumDenseConfig withInitializers(Initializer kernel, Initializer bias) {
        return edit(w -> {
            w.kernelInitializer = kernel;
            w.biasInitializer = bias;
        });
    }

    /**
     * {@return a copy with penalties on the kernel and the bias; null for none}
     * @param kernel the new {@code kernelRegularizer}
     * @param bias   the new {@code biasRegularizer}
     */
    public EinsumDenseConfig withRegularizers(Regularizer kernel, Regularizer bias) {
        return edit(w -> {
            w.kernelRegularizer = kernel;
            w.biasRegularizer = bias;
        });
    }

    /**
     * {@return a copy with projections of the kernel and the bias after each step; null for none}
     * @param kernel the new {@code kernelConstraint}
     * @param bias   the new {@code biasConstraint}
     */
    public EinsumDenseConfig withConstraints(Constraint kernel, Constraint bias) {
        return edit(w -> {
            w.kernelConstraint = kernel;
            w.biasConstraint = bias;
        });
    }

    @Override
    public EinsumDenseConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "einsum_dense";
    }

    @Override
    public Layer create(String layerName) {
        return new EinsumDense(layerName, this);
    }

    private EinsumDenseConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the fields it changes. */
    private final class Editor {
        String biasAxes = EinsumDenseConfig.this.biasAxes;
        Activation activation = EinsumDenseConfig.this.activation;
        Initializer kernelInitializer = EinsumDenseConfig.this.kernelInitializer;
        Initializer biasInitializer = EinsumDenseConfig.this.biasInitializer;
        Regularizer kernelRegularizer = EinsumDenseConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = EinsumDenseConfig.this.biasRegularizer;
        Constraint kernelConstraint = EinsumDenseConfig.this.kernelConstraint;
        Constraint biasConstraint = EinsumDenseConfig.this.biasConstraint;
        String name = EinsumDenseConfig.this.name;
        Shape inputShape = EinsumDenseConfig.this.inputShape;

        EinsumDenseConfig build() {
            return new EinsumDenseConfig(equation, outputShape, biasAxes, activation, kernelInitializer,
                    biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name,
                    inputShape);
        }
    }
}
