package dev.engram.spark;

/**
 * Driver-side progress of a distributed training run. The trainers also log each epoch through
 * SLF4J (logger {@code dev.engram.spark}) and name their Spark jobs
 * ({@code engram <trainer> epoch e step s}), which the Spark UI and any {@code SparkListener} see.
 */
public interface TrainingListener {

    /**
     * After each synchronous step (gradient averaging) or averaging round (parameter averaging).
     *
     * @param epoch the epoch, 0-based
     * @param step the steps (or rounds) done so far in the whole run
     * @param loss the step's mean training loss
     */
    default void onStep(int epoch, long step, double loss) {
    }

    /**
     * After each epoch with its sample-weighted mean loss.
     *
     * @param epoch the epoch, 0-based
     * @param loss the mean loss over the epoch's rows
     */
    default void onEpochEnd(int epoch, double loss) {
    }
}
