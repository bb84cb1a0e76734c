package dev.engram.io.onnx.internal;

import java.util.Arrays;

/** Shape arithmetic on {@code int[]} dimensions: sizes, strides, broadcasting, axis normalisation. */
public final class Shapes {
    /** The largest number of elements a single value may hold. */
    public static final long MAX_ELEMENTS = 1L << 30;

    private Shapes() {
    }

    /** Number of elements; throws past {@link #MAX_ELEMENTS}. */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + MAX_ELEMENTS + " elements");
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
            if (dims[i] < 0 || dims[i] > MAX_ELEMENTS) {
                throw new IllegalArgumentException(what + ": dimension " + i + " is " + dims[i]
                        + ", expected 0.." + MAX_ELEMENTS);
            }
            r[i] = (int) dims[i];
        }
        size(r);
        return r;
    }
}
