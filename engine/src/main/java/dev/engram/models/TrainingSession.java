package dev.engram.models;

import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * What callbacks can see and steer during {@code fit}: the plan (epochs, batches per epoch), a stop
 * request, and the model's weights (for early stopping's restore-best).
 */
public interface TrainingSession {

    /** Number of epochs requested. */
    int epochs();

    /** Number of batches in each epoch. */
    int batchesPerEpoch();

    /** Asks the loop to stop after the current epoch. */
    void stopTraining();

    /** A copy of every model weight, in the model's order. */
    List<Tensor> weights();

    /** Restores weights taken with {@link #weights()}. */
    void setWeights(List<Tensor> weights);
}
