package dev.engram.activations;

/**
 * {@code log(1 + exp(x))}. The float forward pass mirrors TF.js (and TensorFlow's softplus op):
 * above {@code -THRESHOLD} it returns {@code x}, below {@code THRESHOLD} it returns
 * {@code exp(x)}, where {@code THRESHOLD = log(2^-23) + 2}; in those ranges the shortcut is within
 * float rounding of the exact value and avoids overflow. {@link #value(double)} is the exact,
 * smooth function (a reference without the shortcut's tiny jumps, so finite differences work).
 * Derivative {@code sigmoid(x)}.
 */
record Softplus() implements Activation {
    /** TF.js parity: {@code log(epsilon) + 2} with epsilon the float32 machine epsilon, about -13.94. */
    static final double THRESHOLD = Math.log(1.1920928955078125e-7) + 2.0;

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double r;
            if (v > -THRESHOLD) {
                r = v;
            } else if (v < THRESHOLD) {
                r = Math.exp(v);
            } else {
                r = Math.log1p(Math.exp(v));
            }
            y[yOff + i] = (float) r;
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = (float) (dy[dyOff + i] / (1.0 + Math.exp(-x[xOff + i])));
        }
    }
}
