package dev.engram.internal.kernels;

/**
 * The gate function of a fused LSTM cell ({@link Kernels#lstmCell}): the logistic sigmoid, or the
 * hard sigmoid {@code clip(slope * x + offset, 0, 1)} with its parameters (the engine keeps them,
 * since "hard sigmoid" means different functions by origin).
 *
 * @param hard   true for the hard sigmoid, false for the logistic one
 * @param slope  the hard sigmoid's multiplier of x (unused when not hard)
 * @param offset the hard sigmoid's offset (unused when not hard)
 */
public record SigmoidGate(boolean hard, float slope, float offset) {
    /** The logistic sigmoid {@code 1 / (1 + exp(-x))}. */
    public static final SigmoidGate LOGISTIC = new SigmoidGate(false, 0f, 0f);

    /**
     * The hard sigmoid with these parameters.
     *
     * @param slope  multiplier of x
     * @param offset added after scaling
     * @return a hard gate
     */
    public static SigmoidGate hard(float slope, float offset) {
        return new SigmoidGate(true, slope, offset);
    }
}
