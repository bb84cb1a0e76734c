package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Root-mean-square normalisation (Zhang and Sennrich 2019, "Root Mean Square Layer Normalization"; Keras 3
 * {@code RMSNormalization}): over each group of values that differ only along the normalised axes (width
 * {@code W}), {@code r = 1 / sqrt(mean(x^2) + epsilon)}, {@code y = x * r * scale}. Weight {@code scale} has the
 * normalised axes' sizes in the order given and, as in Keras ({@code (x * rrms) * scale}), multiplies with numpy
 * broadcasting, i.e. aligned with the input's trailing axes: for the usual trailing axes that is per normalised
 * position; other axes are taken as Keras computes them when the shapes broadcast and refused when Keras itself
 * would fail. Backward with {@code g = dy * scale}: {@code dx = r * (g - x * r^2 * sum(g * x) / W)} over the group,
 * {@code dscale = sum of dy * x * r} over the positions each scale value multiplies. A time-step mask passes through.
 */
public final class RmsNormalization extends Layer {
    private final RmsNormalizationConfig config;
    private Parameter scale;
    /** Per element of one sample: its group within the sample, and the scale element that multiplies it. */
    private int[] groupOf;
    private int[] scaleOf;
    private int groups;
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
        int[] full = inputShape.prepend(1).toArray();
        boolean[] reduced = new boolean[rank];
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            int a = config.axes().get(i);
            int axis = a < 0 ? rank + a : a;
            if (axis <= 0 || axis >= rank || reduced[axis]) {
                throw refusal(inputShape, "axes " + config.axes() + " must be distinct non-batch axes of the input");
            }
            reduced[axis] = true;
            dims[i] = full[axis];
        }
        for (int d = 1; d < rank; d++) {
            if (full[d] == Shape.UNKNOWN) {
                throw refusal(inputShape, "needs a known input shape");
            }
        }
        // Keras parity: the scale, shaped like the axes, broadcasts against the input's trailing axes.
        for (int i = 0; i < k; i++) {
            int s = dims[k - 1 - i];
            int d = full[rank - 1 - i];
            if (s != d && s != 1) {
                throw refusal(inputShape, "axes " + config.axes() + " give the scale the shape "
                        + java.util.Arrays.toString(dims) + ", which Keras multiplies against the input's trailing axes:"
                        + " they do not broadcast, so Keras cannot run this layer either");
            }
        }
        scale = addParameter(WeightRole.SCALE, config.scaleInitializer(), Shape.of(dims), random, true);
        plan(full, reduced, dims);
        return inputShape;
    }

    private IncompatibleShapeException refusal(Shape inputShape, String why) {
        return new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                inputShape.prepend(Shape.UNKNOWN), "(RMSNormalization " + why + ")");
    }

    /** Fills {@link #groupOf} and {@link #scaleOf} for one sample of shape {@code full} (batch dimension 1). */
    private void plan(int[] full, boolean[] reduced, int[] scaleDims) {
        int rank = full.length;
        int n = 1;
        groups = 1;
        width = 1;
        for (int d = 1; d < rank; d++) {
            n *= full[d];
            if (reduced[d]) {
                width *= full[d];
            } else {
                groups *= full[d];
            }
        }
        groupOf = new int[n];
        scaleOf = new int[n];
        int k = scaleDims.length;
        int[] idx = new int[rank];
        for (int j = 0; j < n; j++) {
            int g = 0;
            for (int d = 1; d < rank; d++) {
                if (!reduced[d]) {
                    g = g * full[d] + idx[d];
                }
            }
            int s = 0;
            for (int i = 0; i < k; i++) {
                s = s * scaleDims[i] + (scaleDims[i] == 1 ? 0 : idx[rank - k + i]);
            }
            groupOf[j] = g;
            scaleOf[j] = s;
            for (int d = rank - 1; d >= 1; d--) {
                if (++idx[d] < full[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    /** y into {@code y}; each group's {@code r} into {@code rs} ({@code [batch * groups]}). */
    private void normalize(float[] x, float[] y, float[] rs) {
        float[] s = scale.data();
        int n = groupOf.length;
        double[] sq = new double[groups];
        for (int o = 0, b = 0; o < x.length; o += n, b++) {
            java.util.Arrays.fill(sq, 0);
            for (int j = 0; j < n; j++) {
                sq[groupOf[j]] += (double) x[o + j] * x[o + j];
            }
            for (int g = 0; g < groups; g++) {
                rs[b * groups + g] = (float) (1 / Math.sqrt(sq[g] / width + config.epsilon()));
            }
            for (int j = 0; j < n; j++) {
                y[o + j] = x[o + j] * rs[b * groups + groupOf[j]] * s[scaleOf[j]];
            }
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        float[] y = new float[input.size()];
        normalize(input.buffer(), y, new float[input.size() / groupOf.length * groups]);
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        float[] x = input.buffer();
        float[] y = new float[x.length];
        float[] rs = new float[x.length / groupOf.length * groups];
        normalize(x, y, rs);
        return ForwardPass.ofOptionalInputGradient(Tensor.wrap(input.shape(), y), (grads, inputGradient) -> {
            float[] dy = grads.get(0).buffer();
            float[] s = scale.data();
            float[] ds = scale.grad();
            int n = groupOf.length;
            float[] dx = inputGradient ? new float[x.length] : null;
            double[] gx = new double[groups];
            for (int o = 0, b = 0; o < x.length; o += n, b++) {
                java.util.Arrays.fill(gx, 0);
                for (int j = 0; j < n; j++) {
                    float r = rs[b * groups + groupOf[j]];
                    ds[scaleOf[j]] += dy[o + j] * x[o + j] * r;
                    gx[groupOf[j]] += (double) dy[o + j] * s[scaleOf[j]] * x[o + j];
                }
                if (dx != null) {
                    for (int j = 0; j < n; j++) {
                        double r = rs[b * groups + groupOf[j]];
                        dx[o + j] = (float) (r * (dy[o + j] * s[scaleOf[j]] - x[o + j] * r * r * gx[groupOf[j]] / width));
                    }
                }
            }
            return dx == null ? null : Tensor.wrap(input.shape(), dx);
        });
    }
}
