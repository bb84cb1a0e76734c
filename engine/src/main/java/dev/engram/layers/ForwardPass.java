package dev.engram.layers;

import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The record of one training-mode call of a layer: its outputs, and what the backward pass needs.
 * {@link #backward} may be called once; it adds the parameter gradients into each
 * {@link Parameter#grad()} and returns the gradient with respect to the layer's input.
 */
public interface ForwardPass {

    /**
     * All outputs (one for most layers; an LSTM with {@code returnState} has three).
     *
     * @return the outputs, {@code [batch, ...]} each
     */
    List<Tensor> outputs();

    /**
     * The first output.
     *
     * @return the first output
     */
    default Tensor output() {
        return outputs().get(0);
    }

    /**
     * The activity regularizers' penalty of the outputs this pass computed (a model's pass sums its
     * layers'; {@link dev.engram.regularizers.ActivityRegularizer}), which training adds to the loss;
     * {@link #backward} already includes its gradient. 0 for a single layer's pass: the model applies
     * a layer's activity regularizer around it.
     *
     * @return the penalty, 0 without activity regularizers
     */
    default double activityPenalty() {
        return 0;
    }

    /**
     * Back-propagates. {@code outputGradients} has one entry per output, {@code null} for outputs
     * that did not influence the loss. Returns the gradient with respect to the input.
     *
     * @param outputGradients the loss gradient of each output, shaped as the output, or null
     * @return the loss gradient with respect to the (first) input, shaped as the input
     */
    Tensor backward(List<Tensor> outputGradients);

    /**
     * Back-propagates a gradient for the first output only.
     *
     * @param outputGradient the loss gradient of the first output, shaped as that output
     * @return the loss gradient with respect to the (first) input
     */
    default Tensor backward(Tensor outputGradient) {
        Tensor[] g = new Tensor[outputs().size()];
        g[0] = outputGradient;
        return backward(Arrays.asList(g));
    }

    /**
     * Back-propagates and returns the gradient for every input, in input order (multi-input layers
     * override this; the default wraps {@link #backward(List)}).
     *
     * @param outputGradients the loss gradient of each output, or null for unused outputs
     * @return the loss gradient with respect to each input, shaped as the inputs
     */
    default List<Tensor> backwardAll(List<Tensor> outputGradients) {
        // null when the input takes no gradient (e.g. Embedding ids)
        return java.util.Collections.singletonList(backward(outputGradients));
    }

    /**
     * Back-propagates for the parameter gradients only: the caller will not use the input gradients
     * (the layer reads only model inputs, and a training step needs no gradient with respect to the
     * data). A layer may then skip computing them; for the first convolution of an image network that
     * is a quarter of the training step. The default runs {@link #backwardAll} and drops its result.
     *
     * @param outputGradients the loss gradient of each output, or null for unused outputs
     */
    default void backwardParameters(List<Tensor> outputGradients) {
        backwardAll(outputGradients);
    }

    /**
     * The backward function of a single-input, single-output layer that can skip its input gradient.
     */
    @FunctionalInterface
    interface Backward {
        /**
         * Adds the parameter gradients and, when asked, computes the input gradient.
         *
         * @param outputGradients the one-element list of output gradients
         * @param inputGradient   whether the input gradient is wanted
         * @return the input gradient, or null when {@code inputGradient} is false
         */
        Tensor apply(List<Tensor> outputGradients, boolean inputGradient);
    }

    /**
     * The pass of a single-input, single-output layer whose backward function can leave out the input
     * gradient ({@link #backwardParameters}).
     *
     * @param output the layer's output
     * @param backward adds the parameter gradients and computes the input gradient when asked
     * @return the pass
     */
    static ForwardPass ofOptionalInputGradient(Tensor output, Backward backward) {
        List<Tensor> outputs = List.of(output);
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return outputs;
            }

            @Override
            public Tensor backward(List<Tensor> outputGradients) {
                return backward.apply(outputGradients, true);
            }

            @Override
            public void backwardParameters(List<Tensor> outputGradients) {
                backward.apply(outputGradients, false);
            }
        };
    }

    /**
     * The pass of a single-input, single-output layer: {@code backward} maps the output gradients
     * (one entry, the output's) to the input gradient, adding parameter gradients on the way.
     *
     * @param output the layer's output
     * @param backward computes the input gradient from the one-element list of output gradients
     * @return the pass
     */
    static ForwardPass of(Tensor output, java.util.function.Function<List<Tensor>, Tensor> backward) {
        // the input gradient is computed even when only parameter gradients are asked for
        return ofOptionalInputGradient(output, (outputGradients, inputGradient) -> backward.apply(outputGradients));
    }

    /**
     * The pass of a layer with several inputs or outputs: {@code backwardAll} maps the output gradients
     * (null for an output that receives none) to one gradient per input.
     *
     * @param outputs the layer's outputs
     * @param backwardAll computes the input gradients from the output gradients
     * @return the pass
     */
    static ForwardPass ofAll(List<Tensor> outputs, java.util.function.Function<List<Tensor>, List<Tensor>> backwardAll) {
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return outputs;
            }

            @Override
            public Tensor backward(List<Tensor> grads) {
                return backwardAll(grads).get(0);
            }

            @Override
            public List<Tensor> backwardAll(List<Tensor> grads) {
                return backwardAll.apply(grads);
            }
        };
    }
}
