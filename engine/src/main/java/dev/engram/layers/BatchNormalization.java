package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Batch normalisation over a feature axis, the last by default (Ioffe and Szegedy 2015, "Batch Normalization:
 * Accelerating Deep Network Training by Reducing Internal Covariate Shift"). Statistics are taken
 * per feature over every other axis ({@code N = batch * steps * ...} values per feature). Another feature
 * axis (Keras's {@code axis=1} for channels-first data) is computed with that axis moved last
 * ({@link TrailingAxes}).
 *
 * <ul>
 *   <li>Training ({@link #forward}): {@code mu} and {@code var = mean((x - mu)^2)} (biased, as
 *       TF.js's {@code moments}) of the batch; {@code y = gamma * (x - mu) / sqrt(var + epsilon) + beta}.
 *       The same call then updates the moving statistics,
 *       {@code moving = moving - (moving - batchStat) * (1 - momentum)} (TF.js's evaluation order).
 *   <li>Inference ({@link #call}): {@code y = gamma * (x - movingMean) / sqrt(movingVariance + epsilon) + beta}.
 * </ul>
 *
 * <p>Weights, in Keras/TF.js order: {@code gamma [D]} (if scale), {@code beta [D]} (if center),
 * then the non-trainable {@code movingMean [D]} and {@code movingVariance [D]}.
 *
 * <p>Backward (exact, training mode, through the batch statistics): with {@code g = dy * gamma},
 * per feature {@code dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + epsilon)},
 * {@code dgamma = sum dy * xhat}, {@code dbeta = sum dy}.
 *
 * <p>A training forward pass writes the moving statistics: it must not run concurrently with
 * inference on the same layer. TF.js parity: masks pass through and do not affect the statistics.
 */
public final class BatchNormalization extends Layer {
    private final BatchNormalizationConfig config;
    private Parameter gamma;
    private Parameter beta;
    private Parameter movingMean;
    private Parameter movingVariance;
    private int width;
    private TrailingAxes layout;

    BatchNormalization(String name, BatchNormalizationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public BatchNormalizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (config.axis() == -1 || config.axis() == inputShape.rank()) {
            knownLastDim(inputShape, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)); // the usual message for the usual case
        }
        layout = TrailingAxes.resolve("BatchNormalization '" + name() + "'", List.of(config.axis()), inputShape);
        width = layout.width();
        Shape s = Shape.of(width);
        if (config.scale()) {
            gamma = addParameter(WeightRole.GAMMA, config.gammaInitializer(), s, random, true);
        }
        if (config.center()) {
            beta = addParameter(WeightRole.BETA, config.betaInitializer(), s, random, true);
        }
        movingMean = addParameter(WeightRole.MOVING_MEAN, config.movingMeanInitializer(), s, random, false);
        movingVariance = addParameter(WeightRole.MOVING_VARIANCE, config.movingVarianceInitializer(), s,
                random, false);
        return inputShape;
    }

    /** {@code y = gamma * (x - mean) * invStd + beta} per feature; keeps xhat when asked. */
    private void apply(float[] x, float[] mean, float[] invStd, float[] y, float[] xhat) {
        for (int o = 0; o < x.length; o += width) {
            for (int i = 0; i < width; i++) {
                float h = (x[o + i] - mean[i]) * invStd[i];
                if (xhat != null) {
                    xhat[o + i] = h;
                }
                y[o + i] = (gamma != null ? h * gamma.data()[i] : h) + (beta != null ? beta.data()[i] : 0f);
            }
        }
    }

    private float[] invStd(float[] variance) {
        float[] inv = new float[width];
        for (int i = 0; i < width; i++) {
            inv[i] = (float) (1 / Math.sqrt(variance[i] + config.epsilon()));
        }
        return inv;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Tensor moved = layout.moved(input);
        float[] y = new float[input.size()];
        apply(moved.buffer(), movingMean.data(), invStd(movingVariance.data()), y, null);
        return layout.restored(Tensor.wrap(moved.shape(), y));
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Tensor input = layout.moved(inputs.get(0));
        float[] x = input.buffer();
        int n = x.length / width;
        double[] sum = new double[width];
        for (int o = 0; o < x.length; o += width) {
            for (int i = 0; i < width; i++) {
                sum[i] += x[o + i];
            }
        }
        float[] mean = new float[width];
        for (int i = 0; i < width; i++) {
            mean[i] = (float) (sum[i] / n);
        }
        double[] sq = new double[width];
        for (int o = 0; o < x.length; o += width) {
            for (int i = 0; i < width; i++) {
                float c = x[o + i] - mean[i];
                sq[i] += (double) c * c;
            }
        }
        float[] variance = new float[width];
        for (int i = 0; i < width; i++) {
            variance[i] = (float) (sq[i] / n);
        }
        float[] inv = invStd(variance);
        float[] y = new float[x.length];
        float[] xhat = new float[x.length];
        apply(x, mean, inv, y, xhat);
        updateMoving(movingMean.data(), mean);
        updateMoving(movingVariance.data(), variance);
        Tensor out = layout.restored(Tensor.wrap(input.shape(), y));
        return ForwardPass.of(out, grads -> {
            float[] dy = layout.moved(grads.get(0)).buffer();
            double[] sumG = new double[width];
            double[] sumGh = new double[width];
            double[] sumDy = new double[width];
            double[] sumDyH = new double[width];
            for (int o = 0; o < dy.length; o += width) {
                for (int i = 0; i < width; i++) {
                    float d = dy[o + i];
                    sumDy[i] += d;
                    sumDyH[i] += (double) d * xhat[o + i];
                }
            }
            for (int i = 0; i < width; i++) {
                float gm = gamma != null ? gamma.data()[i] : 1f;
                sumG[i] = sumDy[i] * gm;
                sumGh[i] = sumDyH[i] * gm;
                if (gamma != null) {
                    gamma.grad()[i] += (float) sumDyH[i];
                }
                if (beta != null) {
                    beta.grad()[i] += (float) sumDy[i];
                }
            }
            float[] dx = new float[dy.length];
            for (int o = 0; o < dy.length; o += width) {
                for (int i = 0; i < width; i++) {
                    float gm = gamma != null ? gamma.data()[i] : 1f;
                    double g = (double) dy[o + i] * gm;
                    dx[o + i] = (float) ((g - sumG[i] / n - xhat[o + i] * sumGh[i] / n) * inv[i]);
                }
            }
            return layout.restored(Tensor.wrap(input.shape(), dx));
        });
    }

    // TF.js parity: moving = moving - (moving - value) * (1 - momentum), decay computed in double
    // and rounded to float32 like the JS scalar tfjs multiplies by.
    private void updateMoving(float[] moving, float[] value) {
        float decay = (float) (1 - config.momentum());
        for (int i = 0; i < width; i++) {
            moving[i] = moving[i] - (moving[i] - value[i]) * decay;
        }
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (input.rank() != inputShape().rank() + 1 || !layout.fits(input.shape())) {
            super.checkInput(index, input);
        }
    }
}
