package dev.engram.models;

import java.util.Map;

/**
 * Hooks into {@code fit}: called at the start and end of training, of each epoch and after each
 * batch. Logs map names ({@code loss}, {@code val_loss}, metric names and their {@code val_}
 * forms) to values, like TF.js and Keras logs.
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(TrainingSession session) {
    }

    /** Before each epoch (0-based). */
    default void onEpochBegin(TrainingSession session, int epoch) {
    }

    /** After each batch update; {@code logs} holds the batch's {@code loss} and metrics. */
    default void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
    }

    /** After each epoch, with the epoch's training and validation values. */
    default void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
    }

    /** After the last epoch (or an early stop). */
    default void onTrainEnd(TrainingSession session) {
    }
}
