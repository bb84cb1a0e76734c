package dev.engram.activations;

import dev.engram.internal.kernels.Kernels;

/** Logistic sigmoid. Backward uses the output: {@code dx = dy * y * (1 - y)}, as TF.js does. */
record Sigmoid() implements Activation {

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        Kernels.get().sigmoid(rows * cols, x, xOff, y, yOff);
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * s * (1f - s);
        }
    }
}
