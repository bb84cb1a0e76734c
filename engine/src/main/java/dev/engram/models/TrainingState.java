package dev.engram.models;

import dev.engram.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code fit} needs to continue exactly where it stopped: the weights (trainable and
 * not), the optimizer's slots and iteration count (which also fix the position in a learning-rate
 * schedule), the fixed learning rate (changed by e.g. {@code ReduceLROnPlateau}), the position in
 * training and the base seed from which every epoch's shuffling and every batch's dropout masks are
 * derived. Resuming from it gives bit-identical weights to the run that was never interrupted.
 *
 * <p>Taken with {@link TrainingSession#state()} inside a callback; resumed with
 * {@link FitOptions#withResume(TrainingState)} or {@link TrainingSession#resume(TrainingState)} in
 * {@code onTrainBegin}; stored with {@link TrainingStateFile}. Layers built with their own dropout
 * seed ({@code DropoutConfig.seed}) keep their own generator, which this state does not hold.
 *
 * @param epoch          the epoch (0-based) to continue in
 * @param batch          the batch (0-based) of that epoch to continue with; 0 at an epoch boundary
 * @param weights        every model weight, in the model's weight order
 * @param optimizerState the optimizer's slots as from {@code Optimizer.state()}
 * @param iterations     optimizer steps taken
 * @param learningRate   the optimizer's fixed learning rate, or NaN when it follows a schedule
 * @param seed           the base seed of shuffling and dropout
 * @param epochTotals    sample-weighted sums of the logs of the batches of {@code epoch} already run
 * @param epochSamples   samples of {@code epoch} already run
 */
public record TrainingState(int epoch, int batch, List<Tensor> weights, Map<String, Tensor> optimizerState,
        long iterations, double learningRate, long seed, Map<String, Double> epochTotals, long epochSamples) {

    /**
     * Validates and copies.
     *
     * @param epoch          the epoch (0-based) to continue in
     * @param batch          the batch (0-based) of that epoch to continue with; 0 at an epoch boundary
     * @param weights        every model weight, in the model's weight order
     * @param optimizerState the optimizer's slots as from {@code Optimizer.state()}
     * @param iterations     optimizer steps taken
     * @param learningRate   the optimizer's fixed learning rate, or NaN when it follows a schedule
     * @param seed           the base seed of shuffling and dropout
     * @param epochTotals    sample-weighted sums of the logs of the batches of {@code epoch} already run
     * @param epochSamples   samples of {@code epoch} already run
     */
    public TrainingState {
        if (epoch < 0 || batch < 0 || iterations < 0 || epochSamples < 0) {
            throw new IllegalArgumentException("training state needs epoch, batch, iterations and samples >= 0, got "
                    + epoch + ", " + batch + ", " + iterations + ", " + epochSamples);
        }
        weights = List.copyOf(weights);
        optimizerState = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(optimizerState, "optimizerState")));
        epochTotals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(epochTotals, "epochTotals")));
    }
}
