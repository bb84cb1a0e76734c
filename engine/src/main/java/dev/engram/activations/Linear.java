package dev.engram.activations;

/** {@code f(x) = x}. Package-private: obtain it from {@link Activations#linear()}. */
record Linear() implements Activation {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return x;
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        if (x != y || xOff != yOff) {
            System.arraycopy(x, xOff, y, yOff, rows * cols);
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        if (dy != dx || dyOff != dxOff) {
            System.arraycopy(dy, dyOff, dx, dxOff, rows * cols);
        }
    }
}
