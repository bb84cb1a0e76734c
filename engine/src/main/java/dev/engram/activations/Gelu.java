package dev.engram.activations;

/**
 * Gaussian error linear unit (Hendrycks and Gimpel 2016, arXiv:1606.08415).
 *
 * <ul>
 *   <li>{@code approximate = false} (the default, {@link Activations#gelu()}):
 *       {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}. TF.js 4.22 {@code 'gelu'} and Keras
 *       {@code activations.gelu} (default {@code approximate=False}) compute this form.
 *       Derivative {@code Phi(x) + x phi(x)}.</li>
 *   <li>{@code approximate = true}: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))},
 *       TF.js {@code 'gelu_new'}, Keras {@code gelu(x, approximate=True)}, PyTorch
 *       {@code GELU(approximate='tanh')}.</li>
 * </ul>
 *
 * <p>Computed in double and rounded once. TF.js evaluates {@code erf} with the Abramowitz-Stegun
 * 7.1.26 polynomial (absolute error up to 1.5e-7), so its exact-form results differ from these by
 * up to about {@code 1e-7 * |x|} absolute; for negative {@code x} of a few units, where the output
 * is tiny, that is more than 1e-6 relative. This implementation is the accurate one; the
 * difference is TF.js's rounding, not a different function.
 *
 * @param approximate whether to use the tanh approximation
 */
public record Gelu(boolean approximate) implements Activation {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double CUBIC = 0.044715;

    /** {@code "gelu"} for the exact form, {@code "gelu(approximate=true)"} for the tanh form. */
    @Override
    public String name() {
        return approximate ? "gelu(approximate=true)" : "gelu";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        if (approximate) {
            return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + CUBIC * x * x * x)));
        }
        // Phi(x) via erfc keeps full relative precision in the left tail, where 1 + erf cancels.
        return x * 0.5 * ErrorFunction.erfc(-x * SQRT_HALF);
    }

    /** The derivative of {@link #value(double)}. */
    double derivative(double x) {
        if (approximate) {
            double t = Math.tanh(SQRT_2_OVER_PI * (x + CUBIC * x * x * x));
            double du = SQRT_2_OVER_PI * (1.0 + 3.0 * CUBIC * x * x);
            return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
        }
        double cdf = 0.5 * ErrorFunction.erfc(-x * SQRT_HALF);
        return cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) value(x[xOff + i]);
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = (float) (dy[dyOff + i] * derivative(x[xOff + i]));
        }
    }
}
