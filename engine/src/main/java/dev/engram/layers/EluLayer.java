package dev.engram.layers;

/**
 * Exponential linear unit as a layer (Keras and TF.js {@code ELU}, Clevert et al. 2015):
 * {@code f(x) = x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)}. TF.js 4.22 accepts only
 * {@code alpha = 1}. Whether a time-step mask passes through depends on the origin
 * ({@link EluLayerConfig#passesMask()}): Keras passes it, TF.js drops it.
 */
public final class EluLayer extends ElementwiseLayer<EluLayerConfig> {
    private final float alpha;

    EluLayer(String name, EluLayerConfig config) {
        super(name, config, "ELU", config.passesMask());
        this.alpha = (float) config.alpha();
    }

    @Override
    void apply(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0 ? v : alpha * (float) Math.expm1(v);
        }
    }

    @Override
    void gradient(float[] x, float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < dx.length; i++) {
            dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
        }
    }
}
