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

    /** Number of epochs requested. */
    int epochs();

    /** Number of batches in each epoch, or -1 while unknown (a dataset before its first full pass). */
    int batchesPerEpoch();

    /** The nominal samples per batch (the last batch of an epoch may be smaller), or -1 while unknown. */
    int batchSize();

    /** Samples in the batch being trained (valid from {@code onBatchBegin}'s batch on, in {@code onBatchEnd}). */
    int currentBatchSize();

    /** Training samples per epoch, or -1 while unknown. */
    long samplesPerEpoch();

    /** The epoch (0-based) being run, or about to run before the first {@code onEpochBegin}. */
    int epoch();

    /**
     * Asks the loop to stop: after the current batch when called from a batch hook (the epoch still
     * ends with {@code onEpochEnd}), after the current epoch from an epoch hook, as Keras 3 does.
     */
    void stopTraining();

    /** Whether {@link #stopTraining} was called. */
    boolean stopRequested();

    /** The model being trained. */
    Network model();

    /** The model's optimizer (its learning rate may be changed between steps). */
    Optimizer optimizer();

    /** A copy of every model weight, in the model's order. */
    List<Tensor> weights();

    /** Restores weights taken with {@link #weights()}. */
    void setWeights(List<Tensor> weights);

    /**
     * The complete state after the last finished batch (or at the start): resuming from it continues
     * with the next batch, bit for bit.
     */
    TrainingState state();

    /**
     * Puts the model, the optimizer and the loop's position and seed back to {@code state}. Only in
     * {@link Callback#onTrainBegin}; training continues at the state's epoch and batch.
     *
     * @throws IllegalStateException after training has begun
     * @throws IllegalArgumentException when the weights do not fit the model
     */
    void resume(TrainingState state);
}
