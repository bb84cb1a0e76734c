package dev.engram.losses;

/**
 * The Huber loss, TF.js {@code tf.losses.huberLoss} semantics: with {@code a = |yPred - yTrue|} and
 * {@code q = min(a, delta)}, each element contributes {@code 0.5 q^2 + delta (a - q)}: quadratic
 * within {@code delta} of the target, linear beyond. The element losses are averaged like the other
 * losses (mean over the last axis, then over samples), which equals TF.js's default
 * {@code SUM_BY_NONZERO_WEIGHTS} reduction without weights (the mean over all elements).
 *
 * <p>Obtain it from {@link Losses#huber()} (delta 1.0) or {@link Losses#huber(double)}.
 */
public final class HuberLoss extends ElementwiseLoss {
    private final float delta;

    HuberLoss(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber: delta must be a finite number > 0, got " + delta);
        }
        this.delta = (float) delta;
    }

    /**
     * The point where the loss turns from quadratic to linear (default 1.0).
     *
     * @return delta, &gt; 0
     */
    public double delta() {
        return delta;
    }

    /** {@code "huber"}. */
    @Override
    public String name() {
        return "huber";
    }

    @Override
    float value(float yTrue, float yPred) {
        float a = Math.abs(yPred - yTrue);
        float q = Math.min(a, delta);
        return 0.5f * (q * q) + delta * (a - q);
    }

    @Override
    float derivative(float yTrue, float yPred) {
        float e = yPred - yTrue;
        float a = Math.abs(e);
        // TF.js parity: minimum's gradient goes to its first input when a <= delta (lessEqual).
        float dA = a <= delta ? a : delta;
        return e > 0f ? dA : -dA;
    }

    @Override
    public String toString() {
        return "huber(delta=" + delta + ")";
    }
}
