package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.regularizers.Regularizer;

/**
 * The settings a kernel-and-bias layer's config shares with the others of its kind (the
 * convolutions): activation, bias switch, and each weight's initializer, regularizer and constraint.
 * Lets a format writer handle them once for every such layer.
 */
public interface KernelBiasSettings {
    /**
     * The activation applied to the output.
     *
     * @return the activation
     */
    Activation activation();

    /**
     * Whether the layer adds a bias.
     *
     * @return true when it has a bias
     */
    boolean useBias();

    /**
     * The kernel's initializer.
     *
     * @return the initializer
     */
    Initializer kernelInitializer();

    /**
     * The bias's initializer.
     *
     * @return the initializer
     */
    Initializer biasInitializer();

    /**
     * The kernel's regularizer, or null.
     *
     * @return the regularizer
     */
    Regularizer kernelRegularizer();

    /**
     * The bias's regularizer, or null.
     *
     * @return the regularizer
     */
    Regularizer biasRegularizer();

    /**
     * The kernel's constraint, or null.
     *
     * @return the constraint
     */
    Constraint kernelConstraint();

    /**
     * The bias's constraint, or null.
     *
     * @return the constraint
     */
    Constraint biasConstraint();
}
