package dev.engram.models;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Loss;
import dev.engram.losses.LossResult;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step of a compiled model split in its two halves, for training loops that compute
 * gradients in one place and update weights in another (data-parallel training: workers compute
 * the gradients of their shards, one process sums them and applies the optimizer).
 *
 * <p>{@code apply(compute(x, y).gradients())} changes the weights exactly as one batch of
 * {@code fit} without shuffling does: {@link #compute} runs the training-mode forward pass, the
 * compiled losses and the backward pass; {@link #apply} adds the regularizers' gradients at the
 * current weights, runs the compiled optimizer (with its clipping and schedule) and projects the
 * constrained parameters. Regularization belongs to {@code apply} so that shard gradients can be
 * summed without counting the penalty once per shard.
 *
 * <p>Layers that update state in their forward pass (BatchNormalization's moving statistics,
 * stateful recurrent layers) update it in {@code compute}. A step uses the model's
 * {@link Parameter#grad()} arrays, so one model serves one thread at a time; give each worker
 * thread its own copy of the model.
 */
public final class GradientStep {
    private final TrainableNetwork net;
    private final List<Loss> losses;
    private final Optimizer optimizer;

    private GradientStep(TrainableNetwork net, List<Loss> losses, Optimizer optimizer) {
        this.net = net;
        this.losses = losses;
        this.optimizer = optimizer;
    }

    /**
     * Steps for a compiled {@link Sequential} or functional {@link Model}.
     *
     * @param network a compiled Sequential or functional model; its weights are updated by {@link #apply}
     * @return the steps
     * @throws IllegalStateException    if the model is not compiled
     * @throws IllegalArgumentException for another {@link Network} implementation
     */
    public static GradientStep of(Network network) {
        List<Loss> losses;
        Optimizer optimizer;
        if (network instanceof Sequential s) {
            losses = s.loss() == null ? null : List.of(s.loss());
            optimizer = s.optimizer();
        } else if (network instanceof Model m) {
            losses = m.losses() == null || m.losses().isEmpty() ? null : m.losses();
            optimizer = m.optimizer();
        } else {
            throw new IllegalArgumentException("GradientStep trains Sequential and functional models; '"
                    + network.name() + "' is a " + network.getClass().getName());
        }
        if (losses == null || optimizer == null) {
            throw new IllegalStateException("model '" + network.name() + "' must be compiled before a gradient step:"
                    + " call compile(loss, optimizer)");
        }
        return new GradientStep((TrainableNetwork) network, losses, optimizer);
    }

    /**
     * The gradients of the mean loss of one batch at the current weights; the weights are not
     * changed. {@code context} supplies the randomness of dropout masks (as {@code fit}'s seed).
     *
     * @param xs one tensor per model input, {@code [batch, ...]}
     * @param ys one target per model output, {@code [batch, ...]}
     * @param context the randomness for dropout masks and whether layers run in training mode
     * @return the batch's loss and the gradient of each parameter
     * @throws IllegalArgumentException if the inputs and targets disagree on the batch size
     */
    public BatchGradients compute(List<Tensor> xs, List<Tensor> ys, TrainingContext context) {
        FitLoop.requireSameBatch(net.name(), "gradient step", xs, ys);
        if (ys.size() != losses.size()) {
            throw new IllegalArgumentException("model '" + net.name() + "' has " + losses.size()
                    + " outputs but " + ys.size() + " targets were given");
        }
        List<Parameter> params = net.parameters();
        for (Parameter p : params) {
            p.zeroGrad();
        }
        ForwardPass pass = net.forward(xs, context);
        List<Tensor> predictions = pass.outputs();
        List<Tensor> outputGradients = new ArrayList<>(predictions.size());
        double loss = 0;
        for (int i = 0; i < predictions.size(); i++) {
            LossResult r = losses.get(i).evaluate(ys.get(i), predictions.get(i), true);
            loss += r.value();
            outputGradients.add(r.gradient());
        }
        pass.backwardAll(outputGradients);
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = params.get(i).grad().clone();
        }
        return new BatchGradients(grads, loss, xs.get(0).shape().dim(0));
    }

    /**
     * Updates the weights from the given loss gradients (one array per parameter, as
     * {@link BatchGradients#gradients()}): adds the regularization gradients at the current
     * weights, runs the optimizer and the constraints. Returns the regularization penalty at the
     * weights before the update ({@code fit} adds it to the logged loss).
     *
     * @param gradients one array per parameter, in {@code parameters()} order, each as long as the parameter
     * @return the regularization penalty before the update, 0 without regularizers
     * @throws IllegalArgumentException if the count or a length does not match the parameters
     */
    public double apply(float[][] gradients) {
        List<Parameter> params = net.parameters();
        if (gradients.length != params.size()) {
            throw new IllegalArgumentException("model '" + net.name() + "' has " + params.size()
                    + " parameters but " + gradients.length + " gradients were given");
        }
        double penalty = 0;
        for (int i = 0; i < gradients.length; i++) {
            Parameter p = params.get(i);
            if (gradients[i].length != p.grad().length) {
                throw new IllegalArgumentException("gradient " + i + " for parameter '" + p.path() + "' " + p.shape()
                        + " has " + gradients[i].length + " values, expected " + p.grad().length);
            }
            System.arraycopy(gradients[i], 0, p.grad(), 0, gradients[i].length);
            penalty += p.regularize();
        }
        optimizer.step(params);
        // Keras parity, as in fit: constraints project the variables after every update.
        for (Parameter p : params) {
            p.constrain();
        }
        return penalty;
    }

    /**
     * The compiled optimizer the steps update with (its state is what a checkpoint must keep).
     *
     * @return the optimizer given to {@code compile}
     */
    public Optimizer optimizer() {
        return optimizer;
    }
}
