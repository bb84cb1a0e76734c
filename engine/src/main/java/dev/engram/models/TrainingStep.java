package dev.engram.models;

import dev.engram.data.Sample;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One {@code fit} step split in two, for data-parallel training (e.g. one replica per worker):
 * {@link #gradients} runs the forward and backward pass of a batch and returns the gradients
 * without changing any weight; {@link #apply} applies gradients (typically
 * {@link BatchGradients#combine combined} from several workers) with the model's optimizer and
 * constraints, exactly as {@code fit}'s update. A step serves one compiled model on one thread.
 */
public final class TrainingStep {
    private final TrainableNetwork net;
    private final FitLoop.Objective objective;

    private TrainingStep(TrainableNetwork net, FitLoop.Objective objective) {
        if (objective.optimizer() == null) {
            throw new IllegalStateException("model '" + net.name() + "' must be compiled before a training step:"
                    + " call compile(loss, optimizer)");
        }
        this.net = net;
        this.objective = objective;
    }

    /** Steps for a compiled Sequential model. */
    public static TrainingStep of(Sequential model) {
        return new TrainingStep(model, model.objective());
    }

    /** Steps for a compiled functional model. */
    public static TrainingStep of(Model model) {
        return new TrainingStep(model, model.objective());
    }

    /**
     * The gradients of {@code batch}'s loss (with regularization and sample weights), dropout masks
     * drawn from {@code seed}; the weights and the optimizer are left unchanged.
     */
    public BatchGradients gradients(Sample batch, long seed) {
        List<Parameter> params = net.parameters();
        FitLoop.requireSameBatch(net.name(), "gradients", batch.x(), batch.y());
        java.util.Map<String, Double> logs = FitLoop.gradientsOf(net, objective, params, batch, null,
                new TrainingContext(new SplittableRandom(seed))).logs();
        List<float[]> grads = new ArrayList<>(params.size());
        for (Parameter p : params) {
            grads.add(p.grad().clone());
            p.zeroGrad();
        }
        return new BatchGradients(grads, logs, batch.batchSize());
    }

    /**
     * Applies {@code gradients} (one per parameter, in order) with the optimizer (one step: its
     * iteration count advances), then the constraints.
     *
     * @throws IllegalArgumentException when the count or a size does not match the parameters
     */
    public void apply(BatchGradients gradients) {
        List<Parameter> params = net.parameters();
        List<float[]> g = gradients.gradients();
        if (g.size() != params.size()) {
            throw new IllegalArgumentException("model '" + net.name() + "' has " + params.size()
                    + " parameters but gradients for " + g.size() + " were given");
        }
        for (int i = 0; i < params.size(); i++) {
            float[] target = params.get(i).grad();
            if (g.get(i).length != target.length) {
                throw new IllegalArgumentException("gradient " + i + " for '" + params.get(i).path() + "' has "
                        + g.get(i).length + " values, the parameter " + target.length);
            }
            System.arraycopy(g.get(i), 0, target, 0, target.length);
        }
        FitLoop.applyGradients(objective, params);
    }
}
