package dev.engram.models;

import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * What callbacks can see and steer during {@code fit}: the plan (epochs, batches per epoch), the
 * position, a stop request, the model and its optimizer, and the complete {@link TrainingState}
 * for checkpoints.
 */
public interface TrainingSession {

    /**
     * Number of epochs requested.
     *
     * @return the total epochs of this {@code fit} call, as in {@link FitOptions#epochs()}
     */
    int epochs();

    /**
     * Number of batches in each epoch, or -1 while unknown (a dataset before its first full pass).
     *
     * @return the count, or -1
     */
    int batchesPerEpoch();

    /**
     * The nominal samples per batch (the last batch of an epoch may be smaller), or -1 while unknown.
     *
     * @return the count, or -1
     */
    int batchSize();

    /**
     * Samples in the batch being trained (valid from {@code onBatchBegin}'s batch on, in {@code onBatchEnd}).
     *
     * @return the count of samples in the current batch
     */
    int currentBatchSize();

    /**
     * Training samples per epoch, or -1 while unknown.
     *
     * @return the count, or -1
     */
    long samplesPerEpoch();

    /**
     * The epoch (0-based) being run, or about to run before the first {@code onEpochBegin}.
     *
     * @return the epoch, 0-based
     */
    int epoch();

    /**
     * Asks the loop to stop: after the current batch when called from a batch hook (the epoch still
     * ends with {@code onEpochEnd}), after the current epoch from an epoch hook, as Keras 3 does.
     */
    void stopTraining();

    /**
     * Whether {@link #stopTraining} was called.
     *
     * @return true once a callback asked to stop
     */
    boolean stopRequested();

    /**
     * The model being trained.
     *
     * @return the model
     */
    Network model();

    /**
     * The model's optimizer (its learning rate may be changed between steps).
     *
     * @return the optimizer
     */
    Optimizer optimizer();

    /**
     * A copy of every model weight, in the model's order.
     *
     * @return new tensors, independent of later training
     */
    List<Tensor> weights();

    /**
     * Restores weights taken with {@link #weights()}.
     *
     * @param weights every model weight in the model's order, with the model's shapes
     */
    void setWeights(List<Tensor> weights);

    /**
     * The complete state after the last finished batch (or at the start): resuming from it continues
     * with the next batch, bit for bit.
     *
     * @return the state, independent of later training
     */
    TrainingState state();

    /**
     * Puts the model, the optimizer and the loop's position and seed back to {@code state}. Only in
     * {@link Callback#onTrainBegin}; training continues at the state's epoch and batch.
     *
     * @param state a state taken from this model's training, e.g. read with {@link TrainingStateFile#read}
     * @throws IllegalStateException after training has begun
     * @throws IllegalArgumentException when the weights do not fit the model
     */
    void resume(TrainingState state);
}
