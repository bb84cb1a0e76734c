package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Scales each group of values to unit L2 norm (Keras {@code UnitNormalization}):
 * {@code y = x / max(||x||, normFloor)} with the norm over {@link UnitNormalizationConfig#axes()};
 * backward {@code dx = (dy - y * sum(dy * y)) / ||x||} above the floor, {@code dy / normFloor} below.
 * A time-step mask passes through (Keras sets {@code supports_masking}).
 */
public final class UnitNormalization extends Layer {
    private final UnitNormalizationConfig config;

    UnitNormalization(String name, UnitNormalizationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public UnitNormalizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int rank = inputShape.rank() + 1;
        for (int a : config.axes()) {
            int axis = a < 0 ? rank + a : a;
            if (axis <= 0 || axis >= rank) {
                throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(Math.max(rank, Math.abs(a) + 1)),
                        inputShape.prepend(Shape.UNKNOWN), "(UnitNormalization axes " + config.axes()
                                + " must be non-batch axes of the input)");
            }
        }
        return inputShape;
    }

    /** For each element, the index of its group (its position with the normalised axes dropped). */
    private int[] groups(Shape shape, int[] groupCount) {
        int rank = shape.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : config.axes()) {
            reduced[a < 0 ? rank + a : a] = true;
        }
        int[] dims = shape.toArray();
        int n = shape.size();
        int[] g = new int[n];
        int[] idx = new int[rank];
        int count = 1;
        for (int d = 0; d < rank; d++) {
            count *= reduced[d] ? 1 : dims[d];
        }
        groupCount[0] = count;
        for (int k = 0; k < n; k++) {
            int at = 0;
            for (int d = 0; d < rank; d++) {
                if (!reduced[d]) {
                    at = at * dims[d] + idx[d];
                }
            }
            g[k] = at;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return g;
    }

    /** Output and, per group, the divisor {@code max(norm, floor)} (negative when the floor applied). */
    private record Normalized(Tensor out, float[] divisor, int[] group) {
    }

    private Normalized normalize(Tensor input) {
        int[] count = new int[1];
        int[] group = groups(input.shape(), count);
        float[] x = input.buffer();
        double[] sq = new double[count[0]];
        for (int i = 0; i < x.length; i++) {
            sq[group[i]] += (double) x[i] * x[i];
        }
        float[] div = new float[sq.length];
        for (int g = 0; g < sq.length; g++) {
            double norm = Math.sqrt(sq[g]);
            div[g] = norm > config.normFloor() ? (float) norm : (float) -config.normFloor();
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / Math.abs(div[group[i]]);
        }
        return new Normalized(Tensor.wrap(input.shape(), y), div, group);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return normalize(input).out();
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Normalized n = normalize(input);
        return ForwardPass.of(n.out(), grads -> {
            float[] dy = grads.get(0).buffer();
            float[] y = n.out().buffer();
            int[] group = n.group();
            double[] dot = new double[n.divisor().length];
            for (int i = 0; i < dy.length; i++) {
                dot[group[i]] += (double) dy[i] * y[i];
            }
            float[] dx = new float[dy.length];
            for (int i = 0; i < dx.length; i++) {
                float div = n.divisor()[group[i]];
                dx[i] = div > 0 ? (float) ((dy[i] - y[i] * dot[group[i]]) / div) : dy[i] / -div;
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
