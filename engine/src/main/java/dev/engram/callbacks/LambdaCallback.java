package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.TrainingSession;
import java.util.Map;
import java.util.Objects;

/**
 * A callback made of functions, as Keras's {@code LambdaCallback}: start from
 * {@link #create()} and set the hooks needed,
 * {@code LambdaCallback.create().onEpochEnd((s, epoch, logs) -> ...)}. Unset hooks do nothing.
 */
public final class LambdaCallback implements Callback {

    /** A hook with only the session ({@code onTrainBegin}, {@code onTrainEnd}). */
    @FunctionalInterface
    public interface TrainHook {
        /**
         * Runs the hook.
         *
         * @param session the running training, for its model, state and stop request
         */
        void run(TrainingSession session);
    }

    /** A hook with the epoch ({@code onEpochBegin}). */
    @FunctionalInterface
    public interface EpochHook {
        /**
         * Runs the hook.
         *
         * @param session the running training
         * @param epoch the epoch, 0-based
         */
        void run(TrainingSession session, int epoch);
    }

    /** A hook with the epoch and its logs ({@code onEpochEnd}). */
    @FunctionalInterface
    public interface EpochLogsHook {
        /**
         * Runs the hook.
         *
         * @param session the running training
         * @param epoch the epoch, 0-based
         * @param logs the epoch's training and validation values by key, e.g. {@code loss}, {@code val_loss}
         */
        void run(TrainingSession session, int epoch, Map<String, Double> logs);
    }

    /** A hook with the epoch and batch ({@code onBatchBegin}). */
    @FunctionalInterface
    public interface BatchHook {
        /**
         * Runs the hook.
         *
         * @param session the running training
         * @param epoch the epoch, 0-based
         * @param batch the batch within the epoch, 0-based
         */
        void run(TrainingSession session, int epoch, int batch);
    }

    /** A hook with the epoch, batch and logs ({@code onBatchEnd}). */
    @FunctionalInterface
    public interface BatchLogsHook {
        /**
         * Runs the hook.
         *
         * @param session the running training
         * @param epoch the epoch, 0-based
         * @param batch the batch within the epoch, 0-based
         * @param logs the batch's {@code loss} and metrics
         */
        void run(TrainingSession session, int epoch, int batch, Map<String, Double> logs);
    }

    private final TrainHook trainBegin;
    private final EpochHook epochBegin;
    private final BatchHook batchBegin;
    private final BatchLogsHook batchEnd;
    private final EpochLogsHook epochEnd;
    private final TrainHook trainEnd;

    private LambdaCallback(TrainHook trainBegin, EpochHook epochBegin, BatchHook batchBegin, BatchLogsHook batchEnd,
            EpochLogsHook epochEnd, TrainHook trainEnd) {
        this.trainBegin = trainBegin;
        this.epochBegin = epochBegin;
        this.batchBegin = batchBegin;
        this.batchEnd = batchEnd;
        this.epochEnd = epochEnd;
        this.trainEnd = trainEnd;
    }

    /**
     * A callback whose hooks all do nothing.
     *
     * @return a new callback to add hooks to
     */
    public static LambdaCallback create() {
        return new LambdaCallback(s -> { }, (s, e) -> { }, (s, e, b) -> { }, (s, e, b, l) -> { }, (s, e, l) -> { },
                s -> { });
    }

    /**
     * With an {@code onTrainBegin} hook.
     *
     * @param h called once before the first epoch
     * @return the changed callback
     */
    public LambdaCallback onTrainBegin(TrainHook h) {
        return new LambdaCallback(Objects.requireNonNull(h), epochBegin, batchBegin, batchEnd, epochEnd, trainEnd);
    }

    /**
     * With an {@code onEpochBegin} hook.
     *
     * @param h called before each epoch
     * @return the changed callback
     */
    public LambdaCallback onEpochBegin(EpochHook h) {
        return new LambdaCallback(trainBegin, Objects.requireNonNull(h), batchBegin, batchEnd, epochEnd, trainEnd);
    }

    /**
     * With an {@code onBatchBegin} hook.
     *
     * @param h called before each batch
     * @return the changed callback
     */
    public LambdaCallback onBatchBegin(BatchHook h) {
        return new LambdaCallback(trainBegin, epochBegin, Objects.requireNonNull(h), batchEnd, epochEnd, trainEnd);
    }

    /**
     * With an {@code onBatchEnd} hook.
     *
     * @param h called after each batch update
     * @return the changed callback
     */
    public LambdaCallback onBatchEnd(BatchLogsHook h) {
        return new LambdaCallback(trainBegin, epochBegin, batchBegin, Objects.requireNonNull(h), epochEnd, trainEnd);
    }

    /**
     * With an {@code onEpochEnd} hook.
     *
     * @param h called after each epoch, validation included
     * @return the changed callback
     */
    public LambdaCallback onEpochEnd(EpochLogsHook h) {
        return new LambdaCallback(trainBegin, epochBegin, batchBegin, batchEnd, Objects.requireNonNull(h), trainEnd);
    }

    /**
     * With an {@code onTrainEnd} hook.
     *
     * @param h called once after the last epoch or a stop
     * @return the changed callback
     */
    public LambdaCallback onTrainEnd(TrainHook h) {
        return new LambdaCallback(trainBegin, epochBegin, batchBegin, batchEnd, epochEnd, Objects.requireNonNull(h));
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        trainBegin.run(session);
    }

    @Override
    public void onEpochBegin(TrainingSession session, int epoch) {
        epochBegin.run(session, epoch);
    }

    @Override
    public void onBatchBegin(TrainingSession session, int epoch, int batch) {
        batchBegin.run(session, epoch, batch);
    }

    @Override
    public void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        batchEnd.run(session, epoch, batch, logs);
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        epochEnd.run(session, epoch, logs);
    }

    @Override
    public void onTrainEnd(TrainingSession session) {
        trainEnd.run(session);
    }
}
