package dev.engram.layers;

import dev.engram.data.DataIterator;
import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Preprocessing {@code Normalization} (Keras 3 and tf-keras): {@code y = (x - mean) / max(sqrt(variance), 1e-7)}
 * with one mean and variance per position of the kept axes, or, with {@code invert},
 * {@code y = mean + x * max(sqrt(variance), 1e-7)}. The statistics are given in the config or held
 * as the non-trainable weights {@code mean}, {@code variance} and {@code count} (Keras's names and
 * order), which {@link #adapt(Tensor)} and {@link #adapt(Dataset)} compute from data as Keras's
 * {@code adapt} does (population variance over the batch and the other axes). The input gradient is
 * {@code dy / max(sqrt(variance), 1e-7)} ({@code dy * ...} inverted); nothing is trained. A mask
 * passes through (Keras: supports_masking).
 */
public final class Normalization extends Layer {
    /** Keras parity: backend.epsilon(), the floor of the standard deviation. */
    private static final float EPSILON = 1e-7f;

    private final NormalizationConfig config;
    /** Kept per-sample axes (batch excluded), ascending. */
    private int[] kept;
    private Shape statsShape;

    Normalization(String name, NormalizationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public NormalizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape in, RandomGenerator random) {
        int ndim = in.rank() + 1;
        List<Integer> axes = new ArrayList<>();
        for (int a : config.axes()) {
            int k = a < 0 ? a + ndim : a;
            if (k < 1 || k >= ndim) {
                throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(ndim), in.prepend(Shape.UNKNOWN),
                        "(Normalization axis " + a + " must name a non-batch axis of inputs of rank " + ndim + ")");
            }
            if (!axes.contains(k - 1)) {
                axes.add(k - 1);
            }
        }
        kept = axes.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] dims = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            dims[i] = in.dim(kept[i]);
            if (dims[i] == Shape.UNKNOWN) {
                throw new IncompatibleShapeException(name(), 0, in.prepend(Shape.UNKNOWN), in.prepend(Shape.UNKNOWN),
                        "(Normalization keeps axis " + (kept[i] + 1) + ", which must have a known size)");
            }
        }
        statsShape = Shape.of(dims);
        if (config.mean() != null) {
            int n = config.mean().size();
            if (n != 1 && n != statsShape.size()) {
                throw new IncompatibleShapeException(name(), 0, in.prepend(Shape.UNKNOWN), in.prepend(Shape.UNKNOWN),
                        "(Normalization was given " + n + " means; the kept axes need 1 or " + statsShape.size() + ")");
            }
        } else {
            addParameter(WeightRole.MEAN, Initializers.zeros(), statsShape, random, false);
            addParameter(WeightRole.VARIANCE, Initializers.ones(), statsShape, random, false);
            addParameter(WeightRole.COUNT, Initializers.zeros(), Shape.of(), random, false);
        }
        return in;
    }

    /** For each element of a batch of the given per-sample shape (flat, one sample), its statistic's index. */
    private int[] statIndex(Shape sample) {
        int[] map = new int[sample.size()];
        int[] dims = sample.toArray();
        int[] idx = new int[dims.length];
        for (int e = 0; e < map.length; e++) {
            int s = 0;
            for (int k : kept) {
                s = s * dims[k] + idx[k];
            }
            map[e] = s;
            for (int a = dims.length - 1; a >= 0; a--) {
                if (++idx[a] < dims[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return map;
    }

    private float[] stat(boolean mean) {
        List<Float> given = mean ? config.mean() : config.variance();
        float[] v;
        if (given != null) {
            v = new float[given.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = given.get(i);
            }
        } else {
            v = parameters().get(mean ? 0 : 1).data();
        }
        if (v.length == 1 && statsShape.size() != 1) {
            float[] b = new float[statsShape.size()];
            java.util.Arrays.fill(b, v[0]);
            return b;
        }
        return v;
    }

    /** {@code max(sqrt(variance), 1e-7)} per statistic, in float as Keras computes it. */
    private float[] deviations() {
        float[] var = stat(false);
        float[] sd = new float[var.length];
        for (int i = 0; i < sd.length; i++) {
            sd[i] = Math.max((float) Math.sqrt(var[i]), EPSILON);
        }
        return sd;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Shape sample = Shape.of(java.util.Arrays.copyOfRange(input.shape().toArray(), 1, input.rank()));
        int[] map = statIndex(sample);
        float[] m = stat(true);
        float[] sd = deviations();
        float[] x = input.buffer();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int s = map[i % map.length];
            y[i] = config.invert() ? m[s] + x[i] * sd[s] : (x[i] - m[s]) / sd[s];
        }
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor y = doCall(input);
        return ForwardPass.of(y, g -> {
            Shape sample = Shape.of(java.util.Arrays.copyOfRange(input.shape().toArray(), 1, input.rank()));
            int[] map = statIndex(sample);
            float[] sd = deviations();
            float[] d = g.get(0).buffer();
            float[] dx = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                float s = sd[map[i % map.length]];
                dx[i] = config.invert() ? d[i] * s : d[i] / s;
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }

    /**
     * Sets {@code mean}, {@code variance} and {@code count} from a batch of data
     * {@code [n, ...sample]}, as Keras's {@code adapt(array)}: per kept position, the mean and the
     * population variance over the batch and the other axes. Not safe concurrently with prediction.
     *
     * @param data the data, shaped as this layer's input
     * @throws IllegalStateException when the layer is not built or was given its statistics
     * @throws IncompatibleShapeException when the data does not fit the input shape
     */
    public void adapt(Tensor data) {
        Moments acc = new Moments();
        acc.add(checked(data));
        acc.store();
    }

    /**
     * Sets {@code mean}, {@code variance} and {@code count} from every batch of a dataset (the first
     * input of each {@link Sample}), merging the batches' moments exactly as Keras's
     * {@code adapt(tf.data.Dataset)} does, so the result equals adapting on all the data at once. An
     * element without a batch axis counts as a batch of one. Not safe concurrently with prediction.
     *
     * @param data batches of input data
     * @throws IllegalStateException when the layer is not built, was given its statistics, or the dataset is empty
     * @throws IncompatibleShapeException when a batch does not fit the input shape
     */
    public void adapt(Dataset<Sample> data) {
        Moments acc = new Moments();
        try (DataIterator<Sample> it = data.iterator()) {
            while (it.hasNext()) {
                Tensor x = it.next().x().get(0);
                acc.add(checked(x.rank() == inputShape().rank() ? x.reshape(inputShape().prepend(1)) : x));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("layer '" + name() + "': reading the adapt dataset failed: " + e, e);
        }
        acc.store();
    }

    private Tensor checked(Tensor data) {
        if (!isBuilt() || config.mean() != null) {
            throw new IllegalStateException("layer '" + name() + "' (Normalization): adapt needs a built layer that"
                    + " holds its statistics as weights (add it to a model; no mean and variance in the config)");
        }
        checkInput(0, data);
        return data;
    }

    /** Per-statistic count, mean and sum of squared deviations, merged batch by batch (Chan et al.). */
    private final class Moments {
        private final double[] mean = new double[statsShape.size()];
        private final double[] m2 = new double[statsShape.size()];
        private long count;

        void add(Tensor batch) {
            int[] map = statIndex(Shape.of(java.util.Arrays.copyOfRange(batch.shape().toArray(), 1, batch.rank())));
            int stats = mean.length;
            long[] n = new long[stats];
            double[] sum = new double[stats];
            float[] x = batch.buffer();
            for (int i = 0; i < x.length; i++) {
                int s = map[i % map.length];
                n[s]++;
                sum[s] += x[i];
            }
            double[] bm = new double[stats];
            double[] bm2 = new double[stats];
            for (int s = 0; s < stats; s++) {
                bm[s] = n[s] == 0 ? 0 : sum[s] / n[s];
            }
            for (int i = 0; i < x.length; i++) {
                int s = map[i % map.length];
                double d = x[i] - bm[s];
                bm2[s] += d * d;
            }
            long nb = n[0];
            if (nb == 0) {
                return;
            }
            long total = count + nb;
            for (int s = 0; s < stats; s++) {
                double delta = bm[s] - mean[s];
                mean[s] += delta * nb / total;
                m2[s] += bm2[s] + delta * delta * count * nb / total;
            }
            count = total;
        }

        void store() {
            if (count == 0) {
                throw new IllegalStateException("layer '" + name() + "' (Normalization): adapt was given no data");
            }
            float[] m = new float[mean.length];
            float[] v = new float[mean.length];
            for (int s = 0; s < m.length; s++) {
                m[s] = (float) mean[s];
                v[s] = (float) (m2[s] / count);
            }
            parameters().get(0).assign(Tensor.of(statsShape, m));
            parameters().get(1).assign(Tensor.of(statsShape, v));
            parameters().get(2).assign(Tensor.of(Shape.of(), new float[] {count}));
        }
    }
}
