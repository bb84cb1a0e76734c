package dev.engram.layers;

/**
 * The rectifier as a layer (Keras and TF.js {@code ReLU}):
 * {@code f(x) = min(x, maxValue)} for {@code x > threshold}, else {@code negativeSlope * (x - threshold)}
 * (Keras's {@code relu(x, negative_slope, max_value, threshold)}; TF.js has only {@code maxValue}).
 * A time-step mask passes through (TF.js and Keras both set {@code supportsMasking}).
 */
public final class ReluLayer extends ElementwiseLayer<ReluLayerConfig> {
    private final float max;
    private final float slope;
    private final float threshold;

    ReluLayer(String name, ReluLayerConfig config) {
        super(name, config, "ReLU", true);
        this.max = config.maxValue() == null ? Float.POSITIVE_INFINITY : config.maxValue().floatValue();
        this.slope = (float) config.negativeSlope();
        this.threshold = (float) config.threshold();
    }

    @Override
    void apply(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            // Keras parity: x == threshold falls on the negative side (x > threshold keeps x).
            y[yOff + i] = v > threshold ? Math.min(v, max) : slope * (v - threshold);
        }
    }

    @Override
    void gradient(float[] x, float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < dx.length; i++) {
            float v = x[i];
            dx[i] = v > threshold ? (v < max ? dy[i] : 0f) : slope * dy[i];
        }
    }
}
