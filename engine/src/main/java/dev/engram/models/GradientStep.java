package dev.engram.models;

import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * One training step of a compiled model split in its two halves, for training loops that compute
 * gradients in one place and update weights in another (data-parallel training: workers compute
 * the gradients of their shards, one process sums them and applies the optimizer).
 *
 * <p>{@code apply(compute(x, y).gradients())} changes the weights exactly as one batch of
 * {@code fit} without shuffling does: {@link #compute} runs {@code fit}'s own step (training-mode
 * forward pass, the compiled losses, optionally sample-weighted, and the backward pass) without
 * the regularizers; {@link #apply} adds the regularizers' gradients at the
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
    private final Network net;
    private final FitLoop.Objective objective;

    private GradientStep(Network net, FitLoop.Objective objective) {
        this.net = net;
        this.objective = objective;
    }

    /**
     * Steps for a compiled model.
     *
     * @param network a compiled Sequential or functional model; its weights are updated by {@link #apply}
     * @return the steps
     * @throws IllegalStateException if the model is not compiled
     */
    public static GradientStep of(Network network) {
        if (!network.isCompiled()) {
            throw new IllegalStateException("model '" + network.name() + "' must be compiled before a gradient step:"
                    + " call compile(loss, optimizer)");
        }
        // The metrics are left out: a step reports only its loss.
        return new GradientStep(network, new FitLoop.Objective(network.losses(), network.optimizer(), List.of()));
    }

    /**
     * The gradients of the mean loss of one batch at the current weights (with the activity
     * regularizers' penalty of this batch's layer outputs, which depends on the data and so belongs
     * here, not to {@link #apply}); the weights are not changed. Averaging shards' gradients by their
     * sizes reproduces the whole batch's for a batch-mean activity scaling (tf-keras), not for a summed
     * one (Keras 3), whose whole-batch penalty is the sum of the shards' penalties. {@code context} supplies the randomness of dropout masks (as {@code fit}'s seed).
     *
     * @param xs one tensor per model input, {@code [batch, ...]}
     * @param ys one target per model output, {@code [batch, ...]}
     * @param context the randomness for dropout masks and whether layers run in training mode
     * @return the batch's loss and the gradient of each parameter
     * @throws IllegalArgumentException if the inputs and targets disagree on the batch size
     */
    public BatchGradients compute(List<Tensor> xs, List<Tensor> ys, TrainingContext context) {
        return compute(xs, ys, null, context);
    }

    /**
     * The gradients of one batch's loss in which each sample's loss counts {@code sampleWeight[n]}
     * times (Keras {@code sample_weight}, as {@link FitOptions#withSampleWeight}): the loss is
     * {@code sum(w_n * l_n) / batch}. A non-finite loss gives zero gradients, as {@code fit}, which
     * then skips its update.
     *
     * @param xs one tensor per model input, {@code [batch, ...]}
     * @param ys one target per model output, {@code [batch, ...]}
     * @param sampleWeight the loss weight of each sample, {@code [batch]}, or null for equal weights
     * @param context the randomness for dropout masks and whether layers run in training mode
     * @return the batch's loss and the gradient of each parameter
     * @throws IllegalArgumentException if the inputs, targets and weights disagree on the batch size
     */
    public BatchGradients compute(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, TrainingContext context) {
        FitLoop.requireSameBatch(net.name(), "gradient step", xs, ys);
        if (ys.size() != objective.losses().size()) {
            throw new IllegalArgumentException("model '" + net.name() + "' has " + objective.losses().size()
                    + " outputs but " + ys.size() + " targets were given");
        }
        int batch = xs.get(0).shape().dim(0);
        if (sampleWeight != null) {
            SampleWeights.check(sampleWeight, batch);
        }
        List<Parameter> params = net.parameters();
        FitLoop.BatchScore score = FitLoop.gradientsOf(net, objective, params, xs, ys, sampleWeight, context, false);
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = params.get(i).grad().clone();
        }
        return new BatchGradients(grads, score.logs().get("loss"), batch);
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
        FitLoop.applyGradients(objective, params);
        return penalty;
    }

    /**
     * The compiled optimizer the steps update with (its state is what a checkpoint must keep).
     *
     * @return the optimizer given to {@code compile}
     */
    public Optimizer optimizer() {
        return objective.optimizer();
    }
}
