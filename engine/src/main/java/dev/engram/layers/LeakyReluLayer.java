package dev.engram.layers;

/**
 * Leaky rectifier as a layer (TF.js {@code LeakyReLU(alpha)}, Keras 3 {@code negative_slope}):
 * {@code f(x) = x} for {@code x > 0}, else {@code alpha * x}. Whether a time-step mask passes through
 * depends on the origin ({@link LeakyReluLayerConfig#passesMask()}): Keras passes it, TF.js drops it.
 */
public final class LeakyReluLayer extends ElementwiseLayer<LeakyReluLayerConfig> {
    private final float alpha;

    LeakyReluLayer(String name, LeakyReluLayerConfig config) {
        super(name, config, "LeakyReLU", config.passesMask());
        this.alpha = (float) config.alpha();
    }

    @Override
    void apply(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0 ? v : alpha * v;
        }
    }

    @Override
    void gradient(float[] x, float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < dx.length; i++) {
            dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
        }
    }
}
