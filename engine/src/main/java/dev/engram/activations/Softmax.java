package dev.engram.activations;

import dev.engram.internal.kernels.Kernels;

/**
 * Softmax over each row (the last axis) of the block. Subtracts the row maximum before
 * exponentiating, like TF.js's kernel, so large logits do not overflow. The row sum is
 * accumulated in double.
 */
record Softmax() implements Activation {

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public boolean isElementwise() {
        return false;
    }

    /** Always throws: softmax depends on the whole row. */
    @Override
    public double value(double x) {
        throw new UnsupportedOperationException("softmax is not element-wise; it normalises each row");
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        Kernels kernels = Kernels.get();
        for (int r = 0; r < rows; r++) {
            int xs = xOff + r * cols;
            int ys = yOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[xs + j]);
            }
            // Written into y before exp so that y may alias x.
            for (int j = 0; j < cols; j++) {
                y[ys + j] = x[xs + j] - max;
            }
            kernels.exp(cols, y, ys, y, ys);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += y[ys + j];
            }
            for (int j = 0; j < cols; j++) {
                y[ys + j] = (float) (y[ys + j] / sum);
            }
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int ys = yOff + r * cols;
            int ds = dyOff + r * cols;
            int xs = dxOff + r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) dy[ds + j] * y[ys + j];
            }
            // dot is complete before dx is written, so dx may alias dy.
            float d = (float) dot;
            for (int j = 0; j < cols; j++) {
                dx[xs + j] = y[ys + j] * (dy[ds + j] - d);
            }
        }
    }
}
