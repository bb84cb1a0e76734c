package dev.engram.activations;

/**
 * Scaled exponential linear unit (Klambauer et al. 2017, arXiv:1706.02515) with Keras's
 * constants. Derivative {@code SCALE} for {@code x > 0}, {@code SCALE * ALPHA * exp(x)} for
 * {@code x <= 0} (TF.js selu gradient convention at 0).
 */
record Selu() implements Activation {
    /** Keras {@code alpha} for selu. */
    static final double ALPHA = 1.6732632423543772;
    /** Keras {@code scale} for selu. */
    static final double SCALE = 1.0507009873554805;
    private static final double SCALE_ALPHA = SCALE * ALPHA;

    @Override
    public String name() {
        return "selu";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return x > 0 ? SCALE * x : SCALE_ALPHA * Math.expm1(x);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = (float) (v > 0f ? SCALE * v : SCALE_ALPHA * Math.expm1(v));
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            double d = v > 0f ? SCALE : SCALE_ALPHA * Math.exp(v);
            dx[dxOff + i] = (float) (dy[dyOff + i] * d);
        }
    }
}
