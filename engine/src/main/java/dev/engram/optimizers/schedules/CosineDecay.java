package dev.engram.optimizers.schedules;

/**
 * Keras {@code CosineDecay} without warm-up (Loshchilov and Hutter, 2017, "SGDR: Stochastic Gradient
 * Descent with Warm Restarts"):
 * <pre>
 *   s = min(step, decaySteps)
 *   rate(step) = initialLearningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)
 * </pre>
 * The rate falls from {@code initialLearningRate} to {@code alpha * initialLearningRate} at
 * {@code decaySteps} and stays there.
 *
 * @param initialLearningRate the rate at step 0, finite and {@code > 0}
 * @param decaySteps          length of the decay, {@code > 0}
 * @param alpha               the final rate as a fraction of the initial one, in {@code [0, 1]} (Keras default 0)
 */
public record CosineDecay(double initialLearningRate, long decaySteps, double alpha) implements LearningRateSchedule {

    /**
     * Validates the fields.
     *
     * @param initialLearningRate see the record
     * @param decaySteps          see the record
     * @param alpha               see the record
     */
    public CosineDecay {
        Schedules.positive("CosineDecay", "initialLearningRate", initialLearningRate);
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("CosineDecay: decaySteps must be > 0, got " + decaySteps);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("CosineDecay: alpha must be in [0, 1], got " + alpha);
        }
    }

    /**
     * Keras's default {@code alpha = 0}: the rate decays to 0.
     *
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          length of the decay
     */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0);
    }

    @Override
    public double rate(long step) {
        double s = Math.min(step, decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }
}
