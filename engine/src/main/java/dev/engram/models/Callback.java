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

    /** Before the first epoch; a callback may {@link TrainingSession#resume} here. */
    default void onTrainBegin(TrainingSession session) {
    }

    /** Before each epoch (0-based). */
    default void onEpochBegin(TrainingSession session, int epoch) {
    }

    /** Before each batch (0-based within the epoch). */
    default void onBatchBegin(TrainingSession session, int epoch, int batch) {
    }

    /** After each batch update; {@code logs} holds the batch's {@code loss} and metrics. */
    default void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
    }

    /** After each epoch, with the epoch's training and validation values (mutable, as in Keras). */
    default void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
    }

    /** After the last epoch (or a stop). */
    default void onTrainEnd(TrainingSession session) {
    }
}
