package dev.engram.activations;

import dev.engram.internal.kernels.Kernels;

/** Hyperbolic tangent. Backward uses the output: {@code dx = dy * (1 - y^2)}, as TF.js does. */
record Tanh() implements Activation {

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return Math.tanh(x);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        Kernels.get().tanh(rows * cols, x, xOff, y, yOff);
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }
}
