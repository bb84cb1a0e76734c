package dev.engram.internal.conv;

import dev.engram.internal.kernels.Kernels;

/**
 * The register-blocked products of {@link SmallFilterConv}: a convolution's column matrix times a
 * kernel with few filters, and the two backward products, on one task's rows. The filter axis is
 * padded to {@link #paddedWidth} (a whole number of vectors); callers pass padded kernels and
 * gradients and ignore the padding lanes of the results.
 *
 * <p>Two implementations, chosen once like the engine kernels ({@link Kernels#name()}): the Vector
 * API one when the vector kernels run, the plain-Java one otherwise (same products, same order of
 * additions per output element along {@code k}).
 */
interface ConvTiles {
    /** The implementation matching {@link Kernels#get()}. */
    static ConvTiles get() {
        return Selected.TILES;
    }

    /** {@code filters} rounded up to a whole number of vectors (the scalar tiles do not pad). */
    int paddedWidth(int filters);

    /**
     * {@code z[r, f] = sum_q col[r, q] * w[q, f] + bias[f]} for rows {@code row0 <= r < row0 + rows} and
     * {@code f < fp}, with {@code col[r, q] = a[base + starts[r] + off[q]]}: a built column matrix
     * ({@code starts[r] = r * k}, {@code off[q] = q}) or the input itself ({@link ColumnPlan#tapOffsets},
     * {@code base} the first sample's offset). Row {@code r} is stored whole ({@code fp} floats) at
     * {@code zOff + (r - row0) * ldz}, rows in increasing order: with {@code ldz < fp} (filters that do
     * not fill a vector, one vector per row) each row's padding lanes land on the next row before that
     * row is stored, and the caller owns {@code fp - ldz} floats past the last row.
     *
     * @param row0   first row
     * @param rows   rows to compute
     * @param k      columns of the column matrix
     * @param a      holds the column matrix
     * @param base   added to every start
     * @param starts where each row starts in {@code a}, from {@code base}
     * @param off    where each column is, from a row's start
     * @param w      the kernel, {@code [k, fp]}
     * @param fp     padded filters (a {@link #paddedWidth})
     * @param bias   {@code [fp]} (zeros without a bias)
     * @param z      receives the rows
     * @param zOff   where row {@code row0} goes
     * @param ldz    distance between rows in z
     */
    void forward(int row0, int rows, int k, float[] a, int base, int[] starts, int[] off, float[] w, int fp,
            float[] bias, float[] z, int zOff, int ldz);

    /**
     * {@code dw[q, f] += sum_r col[r, q] * dz[r, f]}, with {@code col} addressed as in {@link #forward}.
     *
     * @param rows   rows of the column matrix
     * @param k      columns of the column matrix
     * @param a      holds the column matrix
     * @param base   added to every start
     * @param starts where each row starts in {@code a}, from {@code base}
     * @param off    where each column is, from a row's start
     * @param dz    the output gradient, rows of stride {@code fp} from {@code dzOff}
     * @param dzOff first element of dz
     * @param fp    padded filters
     * @param dw    {@code [k, fp]}, accumulated into
     */
    void kernelGrad(int rows, int k, float[] a, int base, int[] starts, int[] off, float[] dz, int dzOff, int fp, float[] dw);

    /**
     * {@code db[f] += sum_r dz[r, f]} for {@code f < fp} (the bias gradient).
     *
     * @param rows  rows of dz
     * @param dz    the output gradient, rows of stride {@code fp} from {@code dzOff}
     * @param dzOff first element of dz
     * @param fp    padded filters
     * @param db    accumulated into from {@code dbOff}
     * @param dbOff first element of db
     */
    void biasGrad(int rows, float[] dz, int dzOff, int fp, float[] db, int dbOff);

    /**
     * {@code dCol[r, q] = sum_f dz[r, f] * wT[f, q]} for {@code r < rows}, {@code q < k}; {@code dCol}
     * has row stride {@code k} and room for {@code paddedWidth(k)} floats past its last row (whole
     * vectors are stored, rows in order, so a row's padding lanes land in the next row before it is
     * written).
     *
     * @param rows    rows
     * @param k       columns of the column matrix
     * @param dz      the output gradient, rows of stride {@code ldz} from {@code dzOff}
     * @param dzOff   first element of dz
     * @param ldz     dz's row stride
     * @param filters filters summed over
     * @param wT      the transposed kernel, {@code [filters, paddedWidth(k)]}, zero-padded
     * @param dCol    receives the column gradient, from index 0
     */
    void columnGrad(int rows, int k, float[] dz, int dzOff, int ldz, int filters, float[] wT, float[] dCol);

    /**
     * {@code dx[base + starts[r] + off[q]] += dCol[r * k + q]} for {@code r < rows}, {@code q < k}, rows
     * in order and each row's columns in order: col2im through the tap table of a plan read in place,
     * with the additions of {@link ColumnPlan#col2im} in the same order. {@code runs} lists the columns
     * as runs of adjacent taps, {@code (first column, length)} pairs ({@link SmallFilterConv#tapRuns}):
     * a 5x5 kernel over 8 channels adds five runs of 40 floats per row, too short for the JIT's
     * unrolled vector loop (the generic col2im ran them in scalar code: 13% of a convnet step).
     *
     * @param rows   rows of the column gradient
     * @param k      its columns
     * @param dCol   the column gradient, rows of stride {@code k} from index 0
     * @param starts where each row's window starts in dx, from {@code base}
     * @param off    where each column is, from a row's start
     * @param runs   runs of adjacent columns
     * @param dx     the input gradient, accumulated into
     * @param base   added to every start
     */
    void addColumns(int rows, int k, float[] dCol, int[] starts, int[] off, int[] runs, float[] dx, int base);

    /**
     * The width of the paired forward ({@link #forwardPairs}) for {@code filters} filters: the vector
     * length when two rows of {@code filters} fill one vector, else 0 (not available).
     *
     * @param filters output channels
     * @return the floats of one paired input value, or 0
     */
    default int pairWidth(int filters) {
        return 0;
    }

    /**
     * Writes {@code x2[i * W, i * W + W) = [x[from + i] x W/2, x[from + i + 1] x W/2]} for {@code i < n}
     * ({@code W = pairWidth}; the last value's upper half is 0): each input value beside its right
     * neighbour, so that two adjacent output pixels of a one-channel convolution read one vector.
     *
     * @param x    the input
     * @param from first value
     * @param n    values
     * @param x2   receives {@code n * W} floats
     */
    default void pairInput(float[] x, int from, int n, float[] x2) {
        throw new UnsupportedOperationException("no paired forward");
    }

    /**
     * {@link #forward} for rows {@code [0, rows)} ({@code rows} even) of a one-channel convolution whose
     * rows {@code 2m} and {@code 2m + 1} start at neighbouring input values, with {@code W/2} filters:
     * each vector holds both rows' filters, the input from {@link #pairInput} ({@code x2}, indexed by
     * {@code starts[r] + off[q]}) and the kernel and bias repeated twice ({@code w2 [k, W]}, {@code b2
     * [W]}). The same products and order of additions per element as {@link #forward}, in half the
     * multiply-adds: 8 filters in 16-lane vectors left half of each FMA on padding.
     *
     * @param rows   rows, even
     * @param k      taps
     * @param x2     the paired input
     * @param starts where each row starts, from the paired input's first value
     * @param off    where each tap is, from a row's start
     * @param w2     the kernel, each row repeated twice
     * @param b2     the bias, repeated twice
     * @param z      receives the rows, {@code W/2} floats each
     * @param zOff   where row 0 goes
     */
    default void forwardPairs(int rows, int k, float[] x2, int[] starts, int[] off, float[] w2, float[] b2, float[] z,
            int zOff) {
        throw new UnsupportedOperationException("no paired forward");
    }

    /**
     * {@link #kernelGrad} for the rows of {@link #forwardPairs}: {@code dw[q, f] += sum over pairs} of
     * both rows' products, each vector holding a pair's two rows ({@code dz} unpadded, {@code W/2}
     * filters: two rows are one vector). The even and the odd rows are summed apart and added at the
     * end (a fixed order).
     *
     * @param rows   rows, even
     * @param k      taps
     * @param x2     the paired input
     * @param starts where each row starts, from the paired input's first value
     * @param off    where each tap is, from a row's start
     * @param dz     the output gradient, rows of {@code W/2} floats from {@code dzOff}
     * @param dzOff  first element of dz
     * @param fp     dw's row stride
     * @param dw     {@code [k, fp]}, accumulated into (the first {@code W/2} floats of each row)
     * @param fold   scratch of {@code 8 W} floats
     */
    default void kernelGradPairs(int rows, int k, float[] x2, int[] starts, int[] off, float[] dz, int dzOff, int fp,
            float[] dw, float[] fold) {
        throw new UnsupportedOperationException("no paired kernel gradient");
    }

    /** Holds the choice (class initialisation is the once-only guard). */
    final class Selected {
        static final ConvTiles TILES = choose();

        private Selected() {
        }

        private static ConvTiles choose() {
            if (!Kernels.get().name().equals("vector")) {
                return new ScalarConvTiles();
            }
            try {
                // Loaded reflectively so that this package links without the incubator module.
                return (ConvTiles) Class.forName("dev.engram.internal.conv.VectorConvTiles").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarConvTiles();
            }
        }
    }
}
