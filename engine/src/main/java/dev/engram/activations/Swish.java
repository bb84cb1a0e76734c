package dev.engram.activations;

/**
 * Swish / SiLU {@code x * sigmoid(x)} (Ramachandran et al. 2017, arXiv:1710.05941). Derivative
 * {@code s + x s (1 - s)} with {@code s = sigmoid(x)}, the gradient of TF.js's composition.
 */
record Swish() implements Activation {

    @Override
    public String name() {
        return "swish";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return x / (1.0 + Math.exp(-x));
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        // One pass per element rather than a sigmoid kernel followed by a multiply: y may alias x,
        // and the second pass would then read sigmoid(x) where it needs x.
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            y[yOff + i] = (float) (v / (1.0 + Math.exp(-v)));
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double s = 1.0 / (1.0 + Math.exp(-v));
            dx[dxOff + i] = (float) (dy[dyOff + i] * s * (1.0 + v * (1.0 - s)));
        }
    }
}
