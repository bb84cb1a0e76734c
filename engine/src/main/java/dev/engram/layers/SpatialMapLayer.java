package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A layer whose every output cell copies one input cell or is zero, axis by axis: zero padding,
 * cropping and nearest up-sampling of images. Subclasses say, per spatial axis, how many cells come
 * out and which input index each comes from; the forward pass gathers, the backward pass scatters
 * (adding where a cell is used twice). The spatial counterpart of {@link StepMapLayer}.
 */
abstract sealed class SpatialMapLayer extends Layer permits ZeroPadding2D, Cropping2D, UpSampling2D {

    private final DataFormat format;

    SpatialMapLayer(String name, DataFormat format) {
        super(name);
        this.format = format;
    }

    /** Where the channel axis is. */
    final DataFormat format() {
        return format;
    }

    /** The number of spatial axes (images: all three layers are 2-D). */
    final int rank() {
        return 2;
    }

    /** Output size on spatial {@code axis} (0-based among the spatial axes) for {@code size} input cells; below 1 when too small. */
    abstract long outSize(int axis, int size);

    /** The input index output index {@code t} of {@code axis} copies, or -1 for zero. */
    abstract int source(int axis, int t, int size);

    /** Why an input is too small, for the error message. */
    abstract String tooSmallReason();

    @Override
    public String inputHint() {
        return SpatialView.hint(format(), rank());
    }

    private int[] outDims(int[] dims) {
        int[] out = new int[dims.length];
        for (int a = 0; a < dims.length; a++) {
            if (dims[a] == Shape.UNKNOWN) {
                out[a] = Shape.UNKNOWN;
                continue;
            }
            long n = outSize(a, dims[a]);
            if (n > Integer.MAX_VALUE) {
                // long arithmetic: a huge padding or factor from a file must not wrap into a valid size
                throw new IllegalArgumentException("Layer '" + name() + "' (" + typeName() + ") would make spatial axis "
                        + a + " " + n + " cells long from " + dims[a] + ", more than an array can hold");
            }
            out[a] = (int) Math.max(0, n); // 0 (too small) is refused by the callers; never UNKNOWN's -1
        }
        return out;
    }

    private static boolean empty(int[] out) {
        return Arrays.stream(out).anyMatch(d -> d != Shape.UNKNOWN && d < 1);
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int[] out = outDims(SpatialView.buildDims(name(), typeName(), inputShape, format(), rank()));
        if (empty(out)) {
            throw new IncompatibleShapeException(name(), 0, SpatialView.anyOfRank(rank() + 2),
                    inputShape.prepend(Shape.UNKNOWN), "(" + typeName() + " " + tooSmallReason() + ")");
        }
        return SpatialView.withDims(inputShape, format(), out);
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (empty(outDims(SpatialView.dimsOf(input, format(), rank())))) {
            throw new IncompatibleShapeException(name(), index, inputShape().prepend(Shape.UNKNOWN), input.shape(),
                    "(" + typeName() + " " + tooSmallReason() + ")");
        }
    }

    /** For each of the three view axes, the source index of every output index (-1: zero). */
    private int[][] sources(SpatialView v) {
        int[][] src = new int[3][];
        int skip = 3 - rank();
        for (int a = 0; a < 3; a++) {
            int size = v.dims()[a];
            int out = a < skip ? size : (int) outSize(a - skip, size); // checkInput checked it
            src[a] = new int[out];
            for (int t = 0; t < out; t++) {
                src[a][t] = a < skip ? t : source(a - skip, t, size);
            }
        }
        return src;
    }

    private Shape outputShapeOf(Tensor input, int[][] src) {
        int[] out = new int[rank()];
        for (int a = 0; a < rank(); a++) {
            out[a] = src[3 - rank() + a].length;
        }
        Shape sample = Shape.of(Arrays.copyOfRange(input.shape().toArray(), 1, input.rank()));
        return SpatialView.withDims(sample, format(), out).prepend(input.shape().dim(0));
    }

    /** Copies (forward) or accumulates back (backward) between the input and output buffers. */
    private static void map(SpatialView v, int[][] src, float[] in, float[] out, boolean backward) {
        int[] d = v.dims();
        int ch = v.inner();
        int outSlice = src[0].length * src[1].length * src[2].length * ch;
        int yi = 0;
        for (int o = 0; o < v.outer(); o++) {
            int base = o * v.slice();
            for (int sd : src[0]) {
                for (int sh : src[1]) {
                    for (int sw : src[2]) {
                        if (sd >= 0 && sh >= 0 && sw >= 0) {
                            int xi = base + ((sd * d[1] + sh) * d[2] + sw) * ch;
                            if (backward) {
                                for (int c = 0; c < ch; c++) {
                                    in[xi + c] += out[yi + c];
                                }
                            } else {
                                System.arraycopy(in, xi, out, yi, ch);
                            }
                        }
                        yi += ch;
                    }
                }
            }
            assert yi == (o + 1) * outSlice;
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        SpatialView v = SpatialView.of(input, format(), rank());
        int[][] src = sources(v);
        Shape out = outputShapeOf(input, src);
        float[] y = new float[out.size()];
        map(v, src, input.buffer(), y, false);
        return Tensor.wrap(out, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        return ForwardPass.of(doCall(input), grads -> {
            SpatialView v = SpatialView.of(input, format(), rank());
            float[] dx = new float[input.size()];
            map(v, sources(v), dx, grads.get(0).buffer(), true);
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
