package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.regularizers.Regularizer;

/**
 * The settings the depthwise-separable convolutions' configs share ({@link SeparableConv1DConfig},
 * {@link SeparableConv2DConfig}): activation, bias switch, depth multiplier, and the depthwise kernel's, pointwise
 * kernel's and bias's initializer, regularizer and constraint. Lets a format writer handle them once.
 */
public interface SeparableSettings {
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
     * The depthwise step's outputs per input channel.
     *
     * @return the depth multiplier
     */
    int depthMultiplier();

    /**
     * The depthwise kernel's initializer.
     *
     * @return the initializer
     */
    Initializer depthwiseInitializer();

    /**
     * The pointwise kernel's initializer.
     *
     * @return the initializer
     */
    Initializer pointwiseInitializer();

    /**
     * The bias's initializer.
     *
     * @return the initializer
     */
    Initializer biasInitializer();

    /**
     * The depthwise kernel's penalty, or null.
     *
     * @return the regularizer, or null
     */
    Regularizer depthwiseRegularizer();

    /**
     * The pointwise kernel's penalty, or null.
     *
     * @return the regularizer, or null
     */
    Regularizer pointwiseRegularizer();

    /**
     * The bias's penalty, or null.
     *
     * @return the regularizer, or null
     */
    Regularizer biasRegularizer();

    /**
     * The depthwise kernel's projection, or null.
     *
     * @return the constraint, or null
     */
    Constraint depthwiseConstraint();

    /**
     * The pointwise kernel's projection, or null.
     *
     * @return the constraint, or null
     */
    Constraint pointwiseConstraint();

    /**
     * The bias's projection, or null.
     *
     * @return the constraint, or null
     */
    Constraint biasConstraint();
}
