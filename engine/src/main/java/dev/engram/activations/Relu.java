package dev.engram.activations;

import dev.engram.internal.kernels.Kernels;

/**
 * {@code max(x, 0)}. Derivative 1 for {@code x > 0}, else 0 (TF.js parity: its relu gradient is
 * {@code dy * step(x)} and {@code step(0) = 0}).
 */
record Relu() implements Activation {

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return Math.max(x, 0.0);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        Kernels.get().relu(rows * cols, x, xOff, y, yOff);
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            // dx = x > 0 ? dy : +0 as a mask on dy's bits (an int select compiles to a conditional move):
            // the signs of a layer's inputs are unpredictable, and a mispredicted branch per element made
            // this loop cost a fifth of a small convnet's convolutions.
            int keep = x[xOff + i] > 0f ? -1 : 0;
            dx[dxOff + i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[dyOff + i]) & keep);
        }
    }
}
