package dev.engram.io.onnx.codec;

import java.util.Arrays;

/** Shape arithmetic on {@code int[]} dimensions: sizes, strides, broadcasting, axis normalisation. */
public final class Shapes {
    /** The largest number of elements a single value may ever hold (a Java array's reach). */
    public static final long MAX_ELEMENTS = 1L << 30;

    /**
     * The element limit of the model being loaded or run on this thread ({@link
     * dev.engram.io.LoadLimits#tensorElements()}); set around loading and each run, so every shape a
     * node computes from a tensor value (ConstantOfShape, Expand, Tile, Range, broadcasting) is
     * checked before its array is allocated.
     */
    private static final ThreadLocal<long[]> LIMIT = ThreadLocal.withInitial(
            () -> new long[] {Math.min(MAX_ELEMENTS, dev.engram.io.LoadLimits.defaults().tensorElements())});

    private Shapes() {
    }

    /** The element limit in force on this thread. */
    public static long maxElements() {
        return LIMIT.get()[0];
    }

    /** Runs {@code body} with the element limit {@code limit} (at most {@link #MAX_ELEMENTS}), then restores it. */
    public static <T, E extends Exception> T withLimit(long limit, LimitedBody<T, E> body) throws E {
        long[] cell = LIMIT.get();
        long before = cell[0];
        cell[0] = Math.min(MAX_ELEMENTS, limit);
        try {
            return body.run();
        } finally {
            cell[0] = before;
        }
    }

    /** What {@link #withLimit} runs. */
    @FunctionalInterface
    public interface LimitedBody<T, E extends Exception> {
        /** The work done under the limit. */
        T run() throws E;
    }

    /** The message for a count over the limit, naming the CLI flag that raises it. */
    public static String overLimit(String what, long count) {
        return what + " has " + (count < 0 ? "more than " + Long.MAX_VALUE : count) + " elements, over the limit of "
                + maxElements() + " (raise it with --max-tensor-elements)";
    }

    /** Number of elements; throws past {@link #maxElements()}. */
    public static int size(int[] shape) {
        long n = 1;
        long max = maxElements();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
            if (n > max) {
                throw new IllegalArgumentException(overLimit("shape " + Arrays.toString(shape),
                        dev.engram.io.LoadLimits.elements(Arrays.stream(shape).asLongStream().toArray())));
            }
        }
        return (int) n;
    }

    /** Row-major strides. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** {@code axis} in {@code [-rank, rank)} mapped to {@code [0, rank)}. */
    public static int axis(long axis, int rank, String what) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(what + " axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** The numpy multidirectional broadcast of two shapes. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of {@code out} (row-major), the flat index of the element of {@code in} it
     * reads under broadcasting ({@code in} right-aligned with {@code out}).
     */
    public static int[] broadcastIndex(int[] in, int[] out) {
        int n = size(out);
        int[] idx = new int[n];
        int r = out.length;
        int[] inStrides = new int[r];
        int[] s = strides(in);
        for (int i = 0; i < r; i++) {
            int j = i - (r - in.length);
            inStrides[i] = j < 0 || in[j] == 1 ? 0 : s[j];
        }
        int[] counter = new int[r];
        int p = 0;
        for (int k = 0; k < n; k++) {
            idx[k] = p;
            for (int d = r - 1; d >= 0; d--) {
                counter[d]++;
                p += inStrides[d];
                if (counter[d] < out[d]) {
                    break;
                }
                p -= inStrides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return idx;
    }

    /** Converts a 1-D list of dims given as longs, each bounded, to ints. */
    public static int[] toDims(long[] dims, String what) {
        int[] r = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > maxElements()) {
                throw new IllegalArgumentException(what + ": dimension " + i + " is " + dims[i]
                        + ", expected 0.." + maxElements() + " (the tensor element limit)");
            }
            r[i] = (int) dims[i];
        }
        size(r);
        return r;
    }
}
