package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Reduces every feature over the time axis: {@code [batch, steps, features] -> [batch, features]}
 * (Keras and TF.js {@code GlobalAveragePooling1D} / {@code GlobalMaxPooling1D}, channels last).
 *
 * <ul>
 *   <li>Average: {@code y[b, f] = sum_t m[b, t] x[b, t, f] / sum_t m[b, t]} where {@code m} is the
 *       time-step mask, or 1 everywhere without one. Keras parity: a sample whose steps are all
 *       masked divides 0 by 0 (NaN), as Keras does.
 *   <li>Max: {@code y[b, f] = max_t x[b, t, f]}; the gradient goes to the first step holding the
 *       maximum (ties have measure zero). Max pooling does not support masking: a mask is dropped,
 *       as in TF.js, tf-keras and Keras 3.
 * </ul>
 * With {@link GlobalPooling1DConfig#useMask()} false (TF.js 4.22 parity: its GlobalPooling1D layers
 * have supportsMasking false and its executor drops the mask) a mask is accepted and ignored: the
 * plain mean or max of every step. The layer consumes the mask: its output carries none.
 *
 * <p>Channels-first layers read {@code [batch, features, steps]} (transposed to channels-last first, the gradient
 * back); with keepDims the output keeps the steps axis with size 1 ({@code [batch, 1, features]}, channels first
 * {@code [batch, features, 1]}).
 */
public final class GlobalPooling1D extends Layer {
    private final GlobalPooling1DConfig config;
    private int features;

    GlobalPooling1D(String name, GlobalPooling1DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public GlobalPooling1DConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return config.mode() == PoolingMode.AVERAGE ? "GlobalAveragePooling1D" : "GlobalMaxPooling1D";
    }

    @Override
    public String inputHint() {
        return channelsLast() ? "[batch, steps, features]" : "[batch, features, steps]";
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    /** The input as {@code [batch, steps, features]}. */
    private Tensor stepsFirst(Tensor x) {
        return channelsLast() ? x : Permute.transpose(x, new int[] {0, 2, 1});
    }

    /** The pooled {@code [batch, features]} values in the output's shape. */
    private Tensor output(int batch, float[] y) {
        Shape s = !config.keepDims() ? Shape.of(batch, features)
                : channelsLast() ? Shape.of(batch, 1, features) : Shape.of(batch, features, 1);
        return Tensor.wrap(s, y);
    }

    @Override
    public boolean supportsMasking() {
        return config.mode() == PoolingMode.AVERAGE || !config.useMask();
    }

    /** Keras parity: a channels-first layer applies the {@code [batch, steps]} mask along its last axis. */
    @Override
    int maskedAxis() {
        return channelsLast() ? 1 : 2;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        return null;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int featureAxis = channelsLast() ? 1 : 0;
        if (inputShape.rank() != 2 || inputShape.dim(featureAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint() + " with known features (" + typeName() + ")");
        }
        features = inputShape.dim(featureAxis);
        return !config.keepDims() ? Shape.of(features) : channelsLast() ? Shape.of(1, features) : Shape.of(features, 1);
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        Tensor x = stepsFirst(inputs.get(0));
        return List.of(output(x.shape().dim(0), pool(x, effective(mask), null)));
    }

    /** The mask the pooling uses: none when the config ignores masks. */
    private Tensor effective(Tensor mask) {
        return config.useMask() ? mask : null;
    }

    /** The pooled values; for max pooling, records the arg-max step of each (b, f) in {@code argMax}. */
    private float[] pool(Tensor input, Tensor mask, int[] argMax) {
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        float[] x = input.buffer();
        float[] y = new float[batch * features];
        for (int b = 0; b < batch; b++) {
            int yb = b * features;
            if (config.mode() == PoolingMode.MAX) {
                for (int f = 0; f < features; f++) {
                    int best = 0;
                    float max = x[b * steps * features + f];
                    for (int t = 1; t < steps; t++) {
                        float v = x[(b * steps + t) * features + f];
                        if (v > max) {
                            max = v;
                            best = t;
                        }
                    }
                    y[yb + f] = max;
                    if (argMax != null) {
                        argMax[yb + f] = best;
                    }
                }
                continue;
            }
            float weight = 0;
            for (int t = 0; t < steps; t++) {
                float m = mask == null ? 1f : mask.buffer()[b * steps + t];
                weight += m;
                if (m != 0f) {
                    int xt = (b * steps + t) * features;
                    for (int f = 0; f < features; f++) {
                        y[yb + f] += m * x[xt + f];
                    }
                }
            }
            for (int f = 0; f < features; f++) {
                y[yb + f] /= weight;
            }
        }
        return y;
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor inputMask, TrainingContext context) {
        Tensor given = inputs.get(0);
        Tensor input = stepsFirst(given);
        Tensor mask = effective(inputMask);
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        int[] argMax = config.mode() == PoolingMode.MAX ? new int[batch * features] : null;
        Tensor out = output(batch, pool(input, mask, argMax));
        return ForwardPass.of(out, grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[input.size()];
            for (int b = 0; b < batch; b++) {
                int yb = b * features;
                if (argMax != null) {
                    for (int f = 0; f < features; f++) {
                        dx[(b * steps + argMax[yb + f]) * features + f] = dy[yb + f];
                    }
                    continue;
                }
                float weight = 0;
                for (int t = 0; t < steps; t++) {
                    weight += mask == null ? 1f : mask.buffer()[b * steps + t];
                }
                for (int t = 0; t < steps; t++) {
                    float m = (mask == null ? 1f : mask.buffer()[b * steps + t]) / weight;
                    int xt = (b * steps + t) * features;
                    for (int f = 0; f < features; f++) {
                        dx[xt + f] = m * dy[yb + f];
                    }
                }
            }
            Tensor d = Tensor.wrap(input.shape(), dx);
            return channelsLast() ? d : Permute.transpose(d, new int[] {0, 2, 1});
        });
    }
}
