package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Layer normalisation over the last axis (Ba, Kiros and Hinton 2016, "Layer Normalization"): for
 * every row {@code x} of the last axis (size {@code D}),
 * {@code mu = mean(x)}, {@code var = mean((x - mu)^2)} (biased, as TF.js and Keras),
 * {@code xhat = (x - mu) / sqrt(var + epsilon)}, {@code y = gamma * xhat + beta}.
 * Weights {@code gamma [D]} then {@code beta [D]} (Keras/TF.js order), each present only when
 * {@code scale} / {@code center} is on. The same computation runs in training and inference. Masks
 * pass through unchanged (every step is normalised on its own).
 *
 * <p>Other axes ({@link LayerNormalizationConfig#axes()}, e.g. Keras's {@code axis=[1, 2]}) normalise the values
 * of those axes together, computed with the axes moved last ({@link TrailingAxes}); the weights then have the
 * axes' sizes. Keras 3's {@code rms_scaling} gives {@code y = x / sqrt(var + epsilon) * gamma} (the variance
 * still about the mean, as Keras 3.10 computes it; no centring, no beta), with
 * {@code dx = inv * (g - (x - mu) * inv^2 * mean(g * x))}, {@code dgamma = sum dy * x * inv}.
 *
 * <p>Backward (exact): with {@code g = dy * gamma},
 * {@code dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + epsilon)},
 * {@code dgamma = sum_rows dy * xhat}, {@code dbeta = sum_rows dy}.
 */
public final class LayerNormalization extends Layer {
    private final LayerNormalizationConfig config;
    private Parameter gamma;
    private Parameter beta;
    private int width;
    private TrailingAxes layout;

    LayerNormalization(String name, LayerNormalizationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public LayerNormalizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (config.axes().equals(List.of(-1))) {
            knownLastDim(inputShape, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)); // the usual message for the usual case
        }
        layout = TrailingAxes.resolve("LayerNormalization '" + name() + "'", config.axes(), inputShape);
        width = layout.width();
        if (config.scale() || config.rmsScaling()) {
            gamma = addParameter(WeightRole.GAMMA, config.gammaInitializer(), layout.weightShape(), random, true);
        }
        if (config.center() && !config.rmsScaling()) {
            beta = addParameter(WeightRole.BETA, config.betaInitializer(), layout.weightShape(), random, true);
        }
        return inputShape;
    }

    /** Normalises {@code x} into {@code y}; keeps xhat and 1/sqrt(var + eps) per row when asked. */
    private void normalize(float[] x, float[] y, float[] xhat, float[] invStd) {
        int rows = x.length / width;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double sum = 0;
            for (int i = 0; i < width; i++) {
                sum += x[o + i];
            }
            float mean = (float) (sum / width);
            double sq = 0;
            for (int i = 0; i < width; i++) {
                float c = x[o + i] - mean;
                sq += (double) c * c;
            }
            float inv = (float) (1 / Math.sqrt(sq / width + config.epsilon()));
            if (invStd != null) {
                invStd[r] = inv;
            }
            for (int i = 0; i < width; i++) {
                float h = (x[o + i] - mean) * inv;
                if (xhat != null) {
                    xhat[o + i] = h;
                }
                if (config.rmsScaling()) {
                    y[o + i] = x[o + i] * inv * gamma.data()[i];
                } else {
                    y[o + i] = (gamma != null ? h * gamma.data()[i] : h) + (beta != null ? beta.data()[i] : 0f);
                }
            }
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Tensor moved = layout.moved(input);
        float[] y = new float[input.size()];
        normalize(moved.buffer(), y, null, null);
        return layout.restored(Tensor.wrap(moved.shape(), y));
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Tensor input = layout.moved(inputs.get(0));
        int rows = input.size() / width;
        float[] y = new float[input.size()];
        float[] xhat = new float[input.size()];
        float[] invStd = new float[rows];
        normalize(input.buffer(), y, xhat, invStd);
        Tensor out = layout.restored(Tensor.wrap(input.shape(), y));
        return ForwardPass.of(out, grads -> {
            float[] dy = layout.moved(grads.get(0)).buffer();
            float[] dx = new float[dy.length];
            if (config.rmsScaling()) {
                rmsBackward(input.buffer(), dy, xhat, invStd, dx);
                return layout.restored(Tensor.wrap(input.shape(), dx));
            }
            for (int r = 0; r < rows; r++) {
                int o = r * width;
                double meanG = 0;
                double meanGh = 0;
                for (int i = 0; i < width; i++) {
                    float g = gamma != null ? dy[o + i] * gamma.data()[i] : dy[o + i];
                    meanG += g;
                    meanGh += (double) g * xhat[o + i];
                    if (gamma != null) {
                        gamma.grad()[i] += dy[o + i] * xhat[o + i];
                    }
                    if (beta != null) {
                        beta.grad()[i] += dy[o + i];
                    }
                }
                float mg = (float) (meanG / width);
                float mgh = (float) (meanGh / width);
                for (int i = 0; i < width; i++) {
                    float g = gamma != null ? dy[o + i] * gamma.data()[i] : dy[o + i];
                    dx[o + i] = (g - mg - xhat[o + i] * mgh) * invStd[r];
                }
            }
            return layout.restored(Tensor.wrap(input.shape(), dx));
        });
    }

    /** The RMS-scaling gradient: {@code y = x * inv * gamma} with inv depending on x through the variance. */
    private void rmsBackward(float[] x, float[] dy, float[] xhat, float[] invStd, float[] dx) {
        for (int o = 0, r = 0; o < dy.length; o += width, r++) {
            float inv = invStd[r];
            double meanGx = 0;
            for (int i = 0; i < width; i++) {
                float g = dy[o + i] * gamma.data()[i];
                meanGx += (double) g * x[o + i];
                gamma.grad()[i] += dy[o + i] * x[o + i] * inv;
            }
            float m = (float) (meanGx / width);
            for (int i = 0; i < width; i++) {
                dx[o + i] = inv * dy[o + i] * gamma.data()[i] - xhat[o + i] * inv * inv * m;
            }
        }
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (input.rank() != inputShape().rank() + 1 || !layout.fits(input.shape())) {
            super.checkInput(index, input);
        }
    }
}
