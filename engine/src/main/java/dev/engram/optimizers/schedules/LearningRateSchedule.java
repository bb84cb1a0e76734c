package dev.engram.optimizers.schedules;

/**
 * A learning rate as a function of the optimizer step (Keras {@code LearningRateSchedule}). The step
 * is counted from 0: the first update of an optimizer uses {@code rate(0)}, as Keras evaluates its
 * schedule at {@code optimizer.iterations} before incrementing it. Attach one with
 * {@link dev.engram.optimizers.Optimizer#setSchedule}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /**
     * The learning rate for step {@code step} ({@code >= 0}); finite and {@code >= 0}.
     *
     * @param step the step index, counted from 0
     * @return the learning rate of that step
     */
    double rate(long step);
}
