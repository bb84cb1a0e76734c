package dev.engram.activations;

/**
 * Log-softmax over each row (the last axis) of the block: {@code x - max - log(sum(exp(x - max)))},
 * stable for large logits (TF.js {@code logSoftmax}, Keras {@code log_softmax}). The row sum is
 * accumulated in double.
 */
record LogSoftmax() implements Activation {

    @Override
    public String name() {
        return "logSoftmax";
    }

    @Override
    public boolean isElementwise() {
        return false;
    }

    /** Always throws: log-softmax depends on the whole row. */
    @Override
    public double value(double x) {
        throw new UnsupportedOperationException("logSoftmax is not element-wise; it normalises each row");
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int xs = xOff + r * cols;
            int ys = yOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[xs + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[xs + j] - max);
            }
            // The shift is complete before y is written, so y may alias x.
            double shift = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                y[ys + j] = (float) (x[xs + j] - shift);
            }
        }
    }

    /** {@code dx = dy - softmax(x) * sum(dy)}, with softmax recovered as {@code exp(y)}. */
    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int ys = yOff + r * cols;
            int ds = dyOff + r * cols;
            int xs = dxOff + r * cols;
            double total = 0;
            for (int j = 0; j < cols; j++) {
                total += dy[ds + j];
            }
            // total is complete before dx is written, so dx may alias dy.
            for (int j = 0; j < cols; j++) {
                dx[xs + j] = (float) (dy[ds + j] - Math.exp(y[ys + j]) * total);
            }
        }
    }
}
