package dev.engram.layers;

/**
 * Thresholded rectifier as a layer (TF.js and tf-keras {@code ThresholdedReLU}; removed in Keras 3,
 * where {@code ReLU(threshold=theta)} computes the same): {@code f(x) = x} for {@code x > theta},
 * else 0. Whether a time-step mask passes through depends on the origin
 * ({@link ThresholdedReluLayerConfig#passesMask()}): tf-keras passes it, TF.js drops it.
 */
public final class ThresholdedReluLayer extends ElementwiseLayer<ThresholdedReluLayerConfig> {
    private final float theta;

    ThresholdedReluLayer(String name, ThresholdedReluLayerConfig config) {
        super(name, config, "ThresholdedReLU", config.passesMask());
        this.theta = (float) config.theta();
    }

    @Override
    void apply(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > theta ? v : 0f;
        }
    }

    @Override
    void gradient(float[] x, float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < dx.length; i++) {
            dx[i] = x[i] > theta ? dy[i] : 0f;
        }
    }
}
