package dev.engram.activations;

/**
 * {@code min(max(x, 0), 6)}. Derivative 1 on the open interval (0, 6), else 0 (TF.js parity: its
 * layer computes {@code minimum(6, relu(x))}, whose gradient passes only where {@code 6 > relu(x)}
 * and {@code x > 0}).
 */
record Relu6() implements Activation {

    @Override
    public String name() {
        return "relu6";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return Math.min(Math.max(x, 0.0), 6.0);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.min(Math.max(x[xOff + i], 0f), 6f);
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            // TF.js parity: open interval, the gradient of minimum(6, relu(x)).
            dx[dxOff + i] = v > 0f && v < 6f ? dy[dyOff + i] : 0f;
        }
    }
}
