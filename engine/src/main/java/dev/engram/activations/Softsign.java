package dev.engram.activations;

/** {@code x / (1 + |x|)}, as TF.js's {@code K.softsign}; derivative {@code 1 / (1 + |x|)^2}. */
record Softsign() implements Activation {

    @Override
    public String name() {
        return "softsign";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return x / (1.0 + Math.abs(x));
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v / (1f + Math.abs(v));
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float d = 1f + Math.abs(x[xOff + i]);
            dx[dxOff + i] = dy[dyOff + i] / (d * d);
        }
    }
}
