package dev.engram.models;

import java.util.Map;

/**
 * Hooks into {@code fit}, called in Keras's order: {@code onTrainBegin}; per epoch
 * {@code onEpochBegin}, per batch {@code onBatchBegin} and {@code onBatchEnd}, then
 * {@code onEpochEnd}; finally {@code onTrainEnd}. Within one hook, callbacks run in the order given
 * to {@link FitOptions#withCallbacks}, then the history recorder, then the progress output (as Keras
 * 3 appends its {@code History} and {@code ProgbarLogger}); a callback may therefore add entries to
 * the epoch {@code logs} (e.g. {@code learning_rate}) that the history and later callbacks see.
 *
 * <p>Logs map names ({@code loss}, {@code val_loss}, metric names and their {@code val_} forms,
 * {@code <output>_loss} for several outputs) to values. Batch logs hold the batch's own values
 * (TF.js; Keras reports running means, which the progress bar shows); epoch logs the
 * sample-weighted means of the epoch's batches plus the validation values.
 */
public interface Callback {

    /**
     * Before the first epoch; a callback may {@link TrainingSession#resume} here.
     *
     * @param session the training about to run; its state and model may be read, or a state resumed
     */
    default void onTrainBegin(TrainingSession session) {
    }

    /**
     * Before each epoch (0-based).
     *
     * @param session the running training
     * @param epoch the epoch about to run, 0-based
     */
    default void onEpochBegin(TrainingSession session, int epoch) {
    }

    /**
     * Before each batch (0-based within the epoch).
     *
     * @param session the running training
     * @param epoch the epoch, 0-based
     * @param batch the batch about to run, 0-based within the epoch
     */
    default void onBatchBegin(TrainingSession session, int epoch, int batch) {
    }

    /**
     * After each batch update; {@code logs} holds the batch's {@code loss} and metrics.
     *
     * @param session the running training
     * @param epoch the epoch, 0-based
     * @param batch the batch just run, 0-based within the epoch
     * @param logs the batch's {@code loss} and metrics by key
     */
    default void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
    }

    /**
     * After each epoch, with the epoch's training and validation values (mutable, as in Keras).
     *
     * @param session the running training
     * @param epoch the epoch just finished, 0-based
     * @param logs the epoch's values by key ({@code loss}, {@code val_loss}, metrics); a callback may add entries
     */
    default void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
    }

    /**
     * After the last epoch (or a stop).
     *
     * @param session the finished training
     */
    default void onTrainEnd(TrainingSession session) {
    }
}
