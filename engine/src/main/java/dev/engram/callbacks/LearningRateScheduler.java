package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.TrainingSession;
import java.util.Map;
import java.util.Objects;

/**
 * Sets the learning rate at the start of each epoch from a function of the epoch (0-based) and the
 * current rate, as Keras's {@code LearningRateScheduler}; the epoch logs gain
 * {@code learning_rate}. The optimizer must have a fixed rate (not a schedule).
 */
public final class LearningRateScheduler implements Callback {

    /** The schedule: the rate for {@code epoch} given the current {@code rate}. */
    @FunctionalInterface
    public interface Schedule {
        /**
         * The learning rate of {@code epoch}.
         *
         * @param epoch the epoch about to run, 0-based
         * @param rate the optimizer's current learning rate
         * @return the learning rate to use for the epoch
         */
        double rate(int epoch, double rate);
    }

    private final Schedule schedule;

    private LearningRateScheduler(Schedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * Follows {@code schedule}.
     *
     * @param schedule gives each epoch's learning rate, set before the epoch begins
     * @return the callback
     */
    public static LearningRateScheduler of(Schedule schedule) {
        return new LearningRateScheduler(schedule);
    }

    @Override
    public void onEpochBegin(TrainingSession session, int epoch) {
        double rate = schedule.rate(epoch, session.optimizer().learningRate());
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException("LearningRateScheduler gave learning rate " + rate + " for epoch " + epoch
                    + "; it must be finite and > 0");
        }
        session.optimizer().setLearningRate(rate);
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", session.optimizer().learningRate());
    }
}
