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
        /** Runs the hook. */
        void run(TrainingSession session);
    }

    /** A hook with the epoch ({@code onEpochBegin}). */
    @FunctionalInterface
    public interface EpochHook {
        /** Runs the hook. */
        void run(TrainingSession session, int epoch);
    }

    /** A hook with the epoch and its logs ({@code onEpochEnd}). */
    @FunctionalInterface
    public interface EpochLogsHook {
        /** Runs the hook. */
        void run(TrainingSession session, int epoch, Map<String, Double> logs);
    }

    /** A hook with the epoch and batch ({@code onBatchBegin}). */
    @FunctionalInterface
    public interface BatchHook {
        /** Runs the hook. */
        void run(TrainingSession session, int epoch, int batch);
    }

    /** A hook with the epoch, batch and logs ({@code onBatchEnd}). */
    @FunctionalInterface
    public interface BatchLogsHook {
        /** Runs the hook. */
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

    /** A callback whose hooks all do nothing. */
    public static LambdaCallback create() {
        return new LambdaCallback(s -> { }, (s, e) -> { }, (s, e, b) -> { }, (s, e, b, l) -> { }, (s, e, l) -> { },
                s -> { });
    }

    /** With an {@code onTrainBegin} hook. */
    public LambdaCallback onTrainBegin(TrainHook h) {
        return new LambdaCallback(Objects.requireNonNull(h), epochBegin, batchBegin, batchEnd, epochEnd, trainEnd);
    }

    /** With an {@code onEpochBegin} hook. */
    public LambdaCallback onEpochBegin(EpochHook h) {
        return new LambdaCallback(trainBegin, Objects.requireNonNull(h), batchBegin, batchEnd, epochEnd, trainEnd);
    }

    /** With an {@code onBatchBegin} hook. */
    public LambdaCallback onBatchBegin(BatchHook h) {
        return new LambdaCallback(trainBegin, epochBegin, Objects.requireNonNull(h), batchEnd, epochEnd, trainEnd);
    }

    /** With an {@code onBatchEnd} hook. */
    public LambdaCallback onBatchEnd(BatchLogsHook h) {
        return new LambdaCallback(trainBegin, epochBegin, batchBegin, Objects.requireNonNull(h), epochEnd, trainEnd);
    }

    /** With an {@code onEpochEnd} hook. */
    public LambdaCallback onEpochEnd(EpochLogsHook h) {
        return new LambdaCallback(trainBegin, epochBegin, batchBegin, batchEnd, Objects.requireNonNull(h), trainEnd);
    }

    /** With an {@code onTrainEnd} hook. */
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
