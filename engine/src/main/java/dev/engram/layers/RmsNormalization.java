package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Root-mean-square normalisation (Zhang and Sennrich 2019, "Root Mean Square Layer Normalization"; Keras 3
 * {@code RMSNormalization}): over each group of the normalised (trailing) axes of width {@code W},
 * {@code r = 1 / sqrt(mean(x^2) + epsilon)}, {@code y = x * r * scale}. Weight {@code scale} shaped like the
 * normalised axes. Backward with {@code g = dy * scale}: {@code dx = r * (g - x * r^2 * sum(g * x) / W)},
 * {@code dscale = sum over groups of dy * x * r}. A time-step mask passes through (each step is normalised on
 * its own when the axes are the features).
 */
public final class RmsNormalization extends Layer {
    private final RmsNormalizationConfig config;
    private Parameter scale;
    private int width;

    RmsNormalization(String name, RmsNormalizationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public RmsNormalizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int rank = inputShape.rank() + 1;
        int k = config.axes().size();
        for (int i = 0; i < k; i++) {
            int a = config.axes().get(i);
            int axis = a < 0 ? rank + a : a;
            // Keras parity: scale has the axes' sizes and is multiplied with numpy broadcasting, i.e. against the
            // trailing axes: only the trailing axes in order normalise and scale the same values.
            if (axis != rank - k + i) {
                throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(Math.max(rank, k + 1)),
                        inputShape.prepend(Shape.UNKNOWN), "(RMSNormalization axes " + config.axes()
                                + " must be the trailing axes in order: Keras multiplies the scale against those)");
            }
        }
        int[] dims = new int[k];
        width = 1;
        for (int i = 0; i < k; i++) {
            dims[i] = inputShape.dim(inputShape.rank() - k + i);
            if (dims[i] == Shape.UNKNOWN) {
                throw new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                        inputShape.prepend(Shape.UNKNOWN), "(RMSNormalization needs known sizes of its axes)");
            }
            width *= dims[i];
        }
        scale = addParameter(WeightRole.SCALE, config.scaleInitializer(), Shape.of(dims), random, true);
        return inputShape;
    }

    /** y into {@code y}, and each group's {@code r} into {@code rs} when given. */
    private void normalize(float[] x, float[] y, float[] rs) {
        float[] s = scale.data();
        for (int g = 0, o = 0; o < x.length; g++, o += width) {
            double sq = 0;
            for (int i = 0; i < width; i++) {
                sq += (double) x[o + i] * x[o + i];
            }
            float r = (float) (1 / Math.sqrt(sq / width + config.epsilon()));
            if (rs != null) {
                rs[g] = r;
            }
            for (int i = 0; i < width; i++) {
                y[o + i] = x[o + i] * r * s[i];
            }
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        float[] y = new float[input.size()];
        normalize(input.buffer(), y, null);
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        float[] x = input.buffer();
        float[] y = new float[x.length];
        float[] rs = new float[x.length / width];
        normalize(x, y, rs);
        return ForwardPass.ofOptionalInputGradient(Tensor.wrap(input.shape(), y), (grads, inputGradient) -> {
            float[] dy = grads.get(0).buffer();
            float[] s = scale.data();
            float[] ds = scale.grad();
            float[] dx = inputGradient ? new float[x.length] : null;
            for (int g = 0, o = 0; o < x.length; g++, o += width) {
                float r = rs[g];
                double gx = 0;
                for (int i = 0; i < width; i++) {
                    ds[i] += dy[o + i] * x[o + i] * r;
                    gx += (double) dy[o + i] * s[i] * x[o + i];
                }
                if (dx != null) {
                    double c = (double) r * r * gx / width;
                    for (int i = 0; i < width; i++) {
                        dx[o + i] = (float) (r * (dy[o + i] * s[i] - x[o + i] * c));
                    }
                }
            }
            return dx == null ? null : Tensor.wrap(input.shape(), dx);
        });
    }
}
