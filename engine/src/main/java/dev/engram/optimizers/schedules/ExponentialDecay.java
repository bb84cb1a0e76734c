package dev.engram.optimizers.schedules;

/**
 * Keras {@code ExponentialDecay}:
 * {@code rate(step) = initialLearningRate * decayRate ^ (step / decaySteps)}, with the exponent
 * floored when {@code staircase} (the rate then changes every {@code decaySteps} steps).
 *
 * @param initialLearningRate the rate at step 0, finite and {@code > 0}
 * @param decaySteps          steps per factor of {@code decayRate}, {@code > 0}
 * @param decayRate           the factor, finite and {@code > 0}
 * @param staircase           true for a piecewise-constant decay (Keras default false)
 */
public record ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
        implements LearningRateSchedule {

    /**
     * Validates the fields.
     *
     * @param initialLearningRate see the record
     * @param decaySteps          see the record
     * @param decayRate           see the record
     * @param staircase           see the record
     */
    public ExponentialDecay {
        Schedules.positive("ExponentialDecay", "initialLearningRate", initialLearningRate);
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("ExponentialDecay: decaySteps must be > 0, got " + decaySteps);
        }
        Schedules.positive("ExponentialDecay", "decayRate", decayRate);
    }

    @Override
    public double rate(long step) {
        double p = (double) step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate * Math.pow(decayRate, p);
    }
}
