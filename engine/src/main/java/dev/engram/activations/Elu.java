package dev.engram.activations;

/**
 * Exponential linear unit (Clevert et al. 2015, arXiv:1511.07289):
 * {@code f(x) = x} for {@code x > 0}, {@code alpha * (exp(x) - 1)} otherwise.
 *
 * <p>Derivative: 1 for {@code x >= 0}, {@code alpha * exp(x)} for {@code x < 0}. The value 1 at
 * {@code x = 0} is TF.js's (its EluGrad tests {@code y >= 0}); TF.js only supports
 * {@code alpha = 1}, where the function is C1 and the choice does not matter. The negative branch
 * is evaluated as {@code alpha * expm1(x)} in double, so small negative inputs keep full float
 * precision, as TF.js's double-precision CPU kernel does.
 *
 * @param alpha the value the function tends to as {@code x -> -inf} is {@code -alpha}; finite
 */
public record Elu(double alpha) implements Activation {

    /**
     * Validates that {@code alpha} is finite.
     *
     * @param alpha the value the function tends to as {@code x -> -inf} is {@code -alpha}; finite
     */
    public Elu {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("elu alpha must be finite, got " + alpha);
        }
    }

    /** {@code "elu(alpha)"}, e.g. {@code "elu(1.0)"}. */
    @Override
    public String name() {
        return "elu(" + alpha + ")";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return x > 0 ? x : alpha * Math.expm1(x);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : (float) (alpha * Math.expm1(v));
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            // TF.js parity: derivative 1 at x = 0 (its EluGrad tests y >= 0).
            // alpha * exp(x) rather than TF.js's y + alpha: the same value, without the
            // cancellation that y + alpha suffers for very negative x.
            dx[dxOff + i] = v >= 0f ? dy[dyOff + i] : (float) (dy[dyOff + i] * alpha * Math.exp(v));
        }
    }
}
