package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;

/**
 * An image ({@code [batch, rows, cols, channels]}) or volume ({@code [batch, d, rows, cols, channels]})
 * tensor, or its channels-first form, seen as {@code [outer, d, rows, cols, inner]}: channels-last
 * gives {@code outer = batch, inner = channels}, channels-first {@code outer = batch * channels,
 * inner = 1}; a 2-D image has {@code d = 1}. The spatial layers (pooling, padding, cropping,
 * up-sampling) then run one loop for both layouts and both ranks.
 *
 * @param outer batch (channels-last) or batch * channels (channels-first)
 * @param dims  the three spatial sizes (depth 1 for images)
 * @param inner channels (channels-last) or 1
 */
record SpatialView(int outer, int[] dims, int inner) {

    /** The view of {@code x}, a batch of samples with {@code rank} spatial axes. */
    static SpatialView of(Tensor x, DataFormat format, int rank) {
        int[] s = x.shape().toArray();
        int[] d = new int[] {1, 1, 1};
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        System.arraycopy(s, first, d, 3 - rank, rank);
        return format == DataFormat.CHANNELS_LAST ? new SpatialView(s[0], d, s[s.length - 1])
                : new SpatialView(s[0] * s[1], d, 1);
    }

    /** Elements of one {@code outer} slice. */
    int slice() {
        return dims[0] * dims[1] * dims[2] * inner;
    }

    /** The per-sample spatial sizes of a build shape (maybe unknown), after checking its rank. */
    static int[] buildDims(String layer, String type, Shape sample, DataFormat format, int rank) {
        if (sample.rank() != rank + 1) {
            throw new IncompatibleShapeException(layer, 0, anyOfRank(rank + 2), sample.prepend(Shape.UNKNOWN),
                    "(" + type + " takes " + hint(format, rank) + ")");
        }
        int[] d = new int[rank];
        int first = format == DataFormat.CHANNELS_LAST ? 0 : 1;
        for (int i = 0; i < rank; i++) {
            d[i] = sample.dim(first + i);
        }
        return d;
    }

    /** The per-sample shape with its spatial sizes replaced by {@code dims}. */
    static Shape withDims(Shape sample, DataFormat format, int[] dims) {
        int[] s = sample.toArray();
        System.arraycopy(dims, 0, s, format == DataFormat.CHANNELS_LAST ? 0 : 1, dims.length);
        return Shape.of(s);
    }

    /** The spatial sizes of a batch {@code x}, {@code rank} of them. */
    static int[] dimsOf(Tensor x, DataFormat format, int rank) {
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        return Arrays.copyOfRange(x.shape().toArray(), first, first + rank);
    }

    /** The spatial sizes padded in front with 1 to three of them. */
    static int[] three(int[] dims, int fill) {
        int[] d = new int[] {fill, fill, fill};
        System.arraycopy(dims, 0, d, 3 - dims.length, dims.length);
        return d;
    }

    static Shape anyOfRank(int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, Shape.UNKNOWN);
        return Shape.of(d);
    }

    static String hint(DataFormat format, int rank) {
        String space = rank == 2 ? "rows, cols" : "depth, rows, cols";
        return format == DataFormat.CHANNELS_LAST ? "[batch, " + space + ", channels]" : "[batch, channels, " + space + "]";
    }
}
