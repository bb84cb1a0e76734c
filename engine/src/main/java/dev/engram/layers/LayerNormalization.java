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
 * <p>Backward (exact): with {@code g = dy * gamma},
 * {@code dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + epsilon)},
 * {@code dgamma = sum_rows dy * xhat}, {@code dbeta = sum_rows dy}.
 */
public final class LayerNormalization extends Layer {
    private final LayerNormalizationConfig config;
    private Parameter gamma;
    private Parameter beta;
    private int width;

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
        width = knownLastDim(inputShape, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN));
        if (config.scale()) {
            gamma = addParameter(WeightRole.GAMMA, config.gammaInitializer(), Shape.of(width), random, true);
        }
        if (config.center()) {
            beta = addParameter(WeightRole.BETA, config.betaInitializer(), Shape.of(width), random, true);
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
                y[o + i] = (gamma != null ? h * gamma.data()[i] : h) + (beta != null ? beta.data()[i] : 0f);
            }
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        float[] y = new float[input.size()];
        normalize(input.buffer(), y, null, null);
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Tensor input = inputs.get(0);
        int rows = input.size() / width;
        float[] y = new float[input.size()];
        float[] xhat = new float[input.size()];
        float[] invStd = new float[rows];
        normalize(input.buffer(), y, xhat, invStd);
        Tensor out = Tensor.wrap(input.shape(), y);
        return ForwardPass.of(out, grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[dy.length];
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
            return Tensor.wrap(input.shape(), dx);
        });
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (input.rank() != inputShape().rank() + 1 || input.shape().dim(-1) != width) {
            super.checkInput(index, input);
        }
    }
}
