package dev.engram.layers;

import dev.engram.internal.conv.WindowMax;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Max or average over windows of an image or volume (Keras and TF.js {@code MaxPooling2D},
 * {@code AveragePooling2D}, {@code MaxPooling3D}, {@code AveragePooling3D}): along each spatial axis,
 * output index {@code t} covers input indices {@code [t*s - padBefore, t*s - padBefore + k)} with
 * {@code k} the pool size, {@code s} the stride, and the output size and {@code padBefore} given by
 * {@link Padding} per axis (TensorFlow's same split: the odd padded cell after). Padded cells never
 * take part: the maximum ignores them and the average divides by the number of real cells in the
 * window (TensorFlow's {@code avg_pool}, Keras and the TF.js forward pass; ONNX
 * {@code count_include_pad=0}). Input {@code [batch, (depth,) rows, cols, channels]}, or
 * channels-first {@code [batch, channels, (depth,) rows, cols]}. The gradient of a max goes to the
 * first cell holding it in row-major window order. Masks are dropped (the peers' pooling layers
 * do not support masking).
 */
public final class SpatialPooling extends Layer {
    private final SpatialPoolingConfig config;

    SpatialPooling(String name, SpatialPoolingConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public SpatialPoolingConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return (config.mode() == PoolingMode.MAX ? "MaxPooling" : "AveragePooling") + config.rank() + "D";
    }

    @Override
    public String inputHint() {
        return SpatialView.hint(config.dataFormat(), config.rank());
    }

    private int outSize(int axis, int size) {
        return config.padding().outputLength(size, config.poolSize().get(axis), config.strides().get(axis), 1);
    }

    private int[] outDims(int[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = outSize(i, dims[i]);
        }
        return out;
    }

    private static boolean empty(int[] out) {
        for (int d : out) {
            if (d == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int[] dims = SpatialView.buildDims(name(), typeName(), inputShape, config.dataFormat(), config.rank());
        int[] out = outDims(dims);
        if (empty(out)) {
            throw tooSmall(inputShape.prepend(Shape.UNKNOWN), SpatialView.anyOfRank(config.rank() + 2));
        }
        return SpatialView.withDims(inputShape, config.dataFormat(), out);
    }

    private IncompatibleShapeException tooSmall(Shape found, Shape expected) {
        return new IncompatibleShapeException(name(), 0, expected, found, "(valid " + typeName() + " with poolSize "
                + config.poolSize() + " needs every spatial axis at least as large as the pool)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (empty(outDims(SpatialView.dimsOf(input, config.dataFormat(), config.rank())))) {
            throw tooSmall(input.shape(), inputShape().prepend(Shape.UNKNOWN));
        }
    }

    /** The geometry of one pass, every per-axis array over three axes (depth 1 for images). */
    private record Plan(SpatialView in, int[] out, int[] k, int[] s, int[] pad) {
        int outSlice() {
            return out[0] * out[1] * out[2] * in.inner();
        }

        /** The window of output index {@code t} on {@code axis}: [from, to) clipped to the input. */
        int from(int axis, int t) {
            return Math.max(0, t * s[axis] - pad[axis]);
        }

        int to(int axis, int t) {
            return Math.min(in.dims()[axis], t * s[axis] - pad[axis] + k[axis]);
        }
    }

    private Plan plan(Tensor input) {
        SpatialView v = SpatialView.of(input, config.dataFormat(), config.rank());
        int[] k = SpatialView.three(config.poolSize().stream().mapToInt(Integer::intValue).toArray(), 1);
        int[] s = SpatialView.three(config.strides().stream().mapToInt(Integer::intValue).toArray(), 1);
        int[] out = new int[3];
        int[] pad = new int[3];
        for (int a = 0; a < 3; a++) {
            Padding p = a < 3 - config.rank() ? Padding.VALID : config.padding();
            out[a] = p.outputLength(v.dims()[a], k[a], s[a], 1);
            pad[a] = p.padLeft(v.dims()[a], k[a], s[a], 1);
        }
        return new Plan(v, out, k, s, pad);
    }

    /** The output and, for max pooling in training, the input index each output came from. */
    private record Pooled(Tensor output, int[] argmax) {
    }

    /** One output cell's window, clipped to the input: [d0, d1) x [h0, h1) x [w0, w1) of slice {@code base}. */
    private interface WindowVisitor {
        void visit(int base, int d0, int d1, int h0, int h1, int w0, int w1, int yi);
    }

    /** Visits every output cell in output order; {@code yi} is its first channel's output index. */
    private static void forEachWindow(Plan p, WindowVisitor visitor) {
        SpatialView v = p.in();
        int yi = 0;
        for (int o = 0; o < v.outer(); o++) {
            int base = o * v.slice();
            for (int od = 0; od < p.out()[0]; od++) {
                for (int oh = 0; oh < p.out()[1]; oh++) {
                    for (int ow = 0; ow < p.out()[2]; ow++) {
                        visitor.visit(base, p.from(0, od), p.to(0, od), p.from(1, oh), p.to(1, oh), p.from(2, ow),
                                p.to(2, ow), yi);
                        yi += v.inner();
                    }
                }
            }
        }
    }

    private Pooled pool(Tensor input, boolean keepIndices) {
        Plan p = plan(input);
        SpatialView v = p.in();
        int[] d = v.dims();
        int ch = v.inner();
        float[] x = input.buffer();
        float[] y = new float[v.outer() * p.outSlice()];
        boolean max = config.mode() == PoolingMode.MAX;
        int[] argmax = max && keepIndices ? new int[y.length] : null;
        if (max) {
            new WindowMax(v.outer(), d, ch, p.out(), p.k(), p.s(), p.pad()).apply(x, y, argmax);
        } else {
            average(p, x, y);
        }
        int[] outDims = java.util.Arrays.copyOfRange(p.out(), 3 - config.rank(), 3);
        Shape sample = SpatialView.withDims(Shape.of(java.util.Arrays.copyOfRange(input.shape().toArray(), 1,
                input.rank())), config.dataFormat(), outDims);
        return new Pooled(Tensor.wrap(sample.prepend(input.shape().dim(0)), y), argmax);
    }

    /** The mean of each window's real cells. */
    private static void average(Plan p, float[] x, float[] y) {
        int[] d = p.in().dims();
        int ch = p.in().inner();
        forEachWindow(p, (base, d0, d1, h0, h1, w0, w1, yi) -> {
            // The window's first cell seeds the accumulators; the loops below visit the rest.
            int first = base + ((d0 * d[1] + h0) * d[2] + w0) * ch;
            System.arraycopy(x, first, y, yi, ch);
            for (int id = d0; id < d1; id++) {
                for (int ih = h0; ih < h1; ih++) {
                    for (int iw = (id == d0 && ih == h0) ? w0 + 1 : w0; iw < w1; iw++) {
                        int i = base + ((id * d[1] + ih) * d[2] + iw) * ch;
                        for (int c = 0; c < ch; c++) {
                            y[yi + c] += x[i + c];
                        }
                    }
                }
            }
            float count = (d1 - d0) * (h1 - h0) * (w1 - w0);
            for (int c = 0; c < ch; c++) {
                y[yi + c] /= count;
            }
        });
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return pool(input, false).output();
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Pooled pooled = pool(input, true);
        return ForwardPass.of(pooled.output(), grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[input.size()];
            if (pooled.argmax() != null) {
                // Each slice's maxima came from its own input slice: slices split over the kernel
                // threads never add to the same place, and each keeps its order of additions.
                int[] from = pooled.argmax();
                Plan p = plan(input);
                int slice = p.outSlice();
                RowChunks.run(p.in().outer(), slice, (first, count) -> {
                    for (int i = first * slice, end = (first + count) * slice; i < end; i++) {
                        dx[from[i]] += dy[i];
                    }
                });
                return Tensor.wrap(input.shape(), dx);
            }
            averageBackward(plan(input), dy, dx);
            return Tensor.wrap(input.shape(), dx);
        });
    }

    /** Spreads each output's gradient evenly over the real cells of its window (the forward's divisor). */
    private static void averageBackward(Plan p, float[] dy, float[] dx) {
        int[] d = p.in().dims();
        int ch = p.in().inner();
        forEachWindow(p, (base, d0, d1, h0, h1, w0, w1, yi) -> {
            float w = 1f / ((d1 - d0) * (h1 - h0) * (w1 - w0));
            for (int id = d0; id < d1; id++) {
                for (int ih = h0; ih < h1; ih++) {
                    for (int iw = w0; iw < w1; iw++) {
                        int i = base + ((id * d[1] + ih) * d[2] + iw) * ch;
                        for (int c = 0; c < ch; c++) {
                            dx[i + c] += dy[yi + c] * w;
                        }
                    }
                }
            }
        });
    }
}
