package dev.engram.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row times a row-major matrix ({@code c = beta*c + a · B}, B {@code k x n}): the recurrent step
 * of batch-1 inference. The tile kernels keep only two accumulators per row, so a single row is
 * bound by FMA latency; here eight independent accumulators stream eight vectors of each row of B,
 * which keeps both FMA ports busy and leaves the step bound by reading B from cache.
 */
final class GemmGemv {
    private static final VectorSpecies<Float> SPECIES = GemmMicroKernel.SPECIES;
    private static final int VL = GemmMicroKernel.VL;
    private static final int PAIR = 2 * VL;
    private static final int WIDE = 4 * PAIR;

    private GemmGemv() {
    }

    /**
     * {@code c[cOff + j] = beta * c[cOff + j] + sum_p a[aOff + p*aStride] * b[bOff + p*ldb + j]} for
     * {@code j < n}; with {@code beta == 0} the old contents of c are ignored.
     */
    static void rowTimesMatrix(int n, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff) {
        int j = 0;
        for (; j + WIDE <= n; j += WIDE) {
            quad(j, j + PAIR, j + 2 * PAIR, j + 3 * PAIR, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        }
        for (; j + VL <= n; j += VL) {
            single(j, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        }
        if (j < n) {
            rest(j, n, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        }
    }

    /**
     * {@link #rowTimesMatrix} over {@code blocks} column blocks {@code blockStride} apart, columns
     * {@code from .. from+width-1} of each ({@code beta} 1: added into c). Four blocks (the gates of
     * an LSTM unit range) run two vectors of each block per pass, so the eight accumulators keep the
     * FMA ports busy as in a contiguous row; other counts run block by block.
     */
    static void rowTimesBlocks(int blocks, int blockStride, int from, int width, int k, float[] a, int aOff,
            float[] b, int ldb, float[] c, int cOff) {
        int j = 0;
        if (blocks == 4) {
            for (; j + PAIR <= width; j += PAIR) {
                int o = from + j;
                quad(o, o + blockStride, o + 2 * blockStride, o + 3 * blockStride, k, a, aOff, 1, b, 0, ldb, 1f,
                        c, cOff);
            }
        }
        if (j < width) {
            for (int q = 0; q < blocks; q++) {
                int o = q * blockStride + from + j;
                rowTimesMatrix(width - j, k, a, aOff, 1, b, o, ldb, 1f, c, cOff + o);
            }
        }
    }

    /**
     * Floats of {@link #packBlocks}' panels: the whole {@link #PAIR}-column groups of four blocks
     * (other block counts, and the columns past the last whole group, are read in place).
     */
    static int panelFloats(int blocks, int width, int k) {
        return blocks == 4 ? width / PAIR * 4 * PAIR * k : 0;
    }

    /**
     * Packs the columns {@link #rowTimesBlocks} reads with four blocks: per {@link #PAIR}-column group
     * of the unit range, {@code k} rows of {@code 4 * PAIR} floats (the group's columns of blocks 0
     * to 3), the eight vectors its accumulators take from one row of B, now adjacent. Measured at
     * 128 units (half of a 256 KiB kernel, from L2): 1.47 us per product against 2.03 us strided.
     */
    static void packBlocks(int blocks, int blockStride, int from, int width, int k, float[] b, int ldb,
            float[] panels) {
        if (blocks != 4) {
            return;
        }
        int d = 0;
        for (int j = 0; j + PAIR <= width; j += PAIR) {
            for (int p = 0, row = from + j; p < k; p++, row += ldb) {
                for (int q = 0; q < 4; q++, d += PAIR) {
                    System.arraycopy(b, row + q * blockStride, panels, d, PAIR);
                }
            }
        }
    }

    /** {@link #rowTimesBlocks} with the whole groups read from {@link #packBlocks}' panels: the same sums. */
    static void rowTimesPackedBlocks(float[] panels, int blocks, int blockStride, int from, int width, int k,
            float[] a, int aOff, float[] b, int ldb, float[] c, int cOff) {
        if (blocks != 4) {
            rowTimesBlocks(blocks, blockStride, from, width, k, a, aOff, b, ldb, c, cOff);
            return;
        }
        int j = 0;
        for (int panel = 0; j + PAIR <= width; j += PAIR, panel += 4 * PAIR * k) {
            int o = cOff + from + j;
            quadPanel(panels, panel, k, a, aOff, c, o, o + blockStride, o + 2 * blockStride, o + 3 * blockStride);
        }
        if (j < width) {
            for (int q = 0; q < 4; q++) {
                int o = q * blockStride + from + j;
                rowTimesMatrix(width - j, k, a, aOff, 1, b, o, ldb, 1f, c, cOff + o);
            }
        }
    }

    /**
     * {@link #quad} over a packed group (rows of eight adjacent vectors from {@code bOff}) added into
     * c at {@code c0..c3}: each column's multiply-adds in the same order as there, with beta 1.
     */
    private static void quadPanel(float[] b, int bOff, int k, float[] a, int aOff, float[] c, int c0i, int c1i,
            int c2i, int c3i) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES), c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES), c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES), c7 = FloatVector.zero(SPECIES);
        int row = bOff;
        for (int p = 0; p < k; p++, row += 4 * PAIR) {
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0 = FloatVector.fromArray(SPECIES, b, row).fma(av, c0);
            c1 = FloatVector.fromArray(SPECIES, b, row + VL).fma(av, c1);
            c2 = FloatVector.fromArray(SPECIES, b, row + PAIR).fma(av, c2);
            c3 = FloatVector.fromArray(SPECIES, b, row + PAIR + VL).fma(av, c3);
            c4 = FloatVector.fromArray(SPECIES, b, row + 2 * PAIR).fma(av, c4);
            c5 = FloatVector.fromArray(SPECIES, b, row + 2 * PAIR + VL).fma(av, c5);
            c6 = FloatVector.fromArray(SPECIES, b, row + 3 * PAIR).fma(av, c6);
            c7 = FloatVector.fromArray(SPECIES, b, row + 3 * PAIR + VL).fma(av, c7);
        }
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector.fromArray(SPECIES, c, c0i).fma(one, c0).intoArray(c, c0i);
        FloatVector.fromArray(SPECIES, c, c0i + VL).fma(one, c1).intoArray(c, c0i + VL);
        FloatVector.fromArray(SPECIES, c, c1i).fma(one, c2).intoArray(c, c1i);
        FloatVector.fromArray(SPECIES, c, c1i + VL).fma(one, c3).intoArray(c, c1i + VL);
        FloatVector.fromArray(SPECIES, c, c2i).fma(one, c4).intoArray(c, c2i);
        FloatVector.fromArray(SPECIES, c, c2i + VL).fma(one, c5).intoArray(c, c2i + VL);
        FloatVector.fromArray(SPECIES, c, c3i).fma(one, c6).intoArray(c, c3i);
        FloatVector.fromArray(SPECIES, c, c3i + VL).fma(one, c7).intoArray(c, c3i + VL);
    }

    /** Two vectors of columns at each of {@code j0..j3} (eight accumulators). */
    private static void quad(int j0, int j1, int j2, int j3, int k, float[] a, int aOff, int aStride, float[] b,
            int bOff, int ldb, float beta, float[] c, int cOff) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES), c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES), c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES), c7 = FloatVector.zero(SPECIES);
        int row = bOff;
        int ai = aOff;
        for (int p = 0; p < k; p++, row += ldb, ai += aStride) {
            FloatVector av = FloatVector.broadcast(SPECIES, a[ai]);
            c0 = FloatVector.fromArray(SPECIES, b, row + j0).fma(av, c0);
            c1 = FloatVector.fromArray(SPECIES, b, row + j0 + VL).fma(av, c1);
            c2 = FloatVector.fromArray(SPECIES, b, row + j1).fma(av, c2);
            c3 = FloatVector.fromArray(SPECIES, b, row + j1 + VL).fma(av, c3);
            c4 = FloatVector.fromArray(SPECIES, b, row + j2).fma(av, c4);
            c5 = FloatVector.fromArray(SPECIES, b, row + j2 + VL).fma(av, c5);
            c6 = FloatVector.fromArray(SPECIES, b, row + j3).fma(av, c6);
            c7 = FloatVector.fromArray(SPECIES, b, row + j3 + VL).fma(av, c7);
        }
        // Two store sequences rather than one store helper or a vector chosen by a branch: a vector
        // passed to a call or merged at a phi can be left boxed by C2 (see VectorMath).
        if (beta == 0f) {
            c0.intoArray(c, cOff + j0);
            c1.intoArray(c, cOff + j0 + VL);
            c2.intoArray(c, cOff + j1);
            c3.intoArray(c, cOff + j1 + VL);
            c4.intoArray(c, cOff + j2);
            c5.intoArray(c, cOff + j2 + VL);
            c6.intoArray(c, cOff + j3);
            c7.intoArray(c, cOff + j3 + VL);
        } else {
            FloatVector bv = FloatVector.broadcast(SPECIES, beta);
            FloatVector.fromArray(SPECIES, c, cOff + j0).fma(bv, c0).intoArray(c, cOff + j0);
            FloatVector.fromArray(SPECIES, c, cOff + j0 + VL).fma(bv, c1).intoArray(c, cOff + j0 + VL);
            FloatVector.fromArray(SPECIES, c, cOff + j1).fma(bv, c2).intoArray(c, cOff + j1);
            FloatVector.fromArray(SPECIES, c, cOff + j1 + VL).fma(bv, c3).intoArray(c, cOff + j1 + VL);
            FloatVector.fromArray(SPECIES, c, cOff + j2).fma(bv, c4).intoArray(c, cOff + j2);
            FloatVector.fromArray(SPECIES, c, cOff + j2 + VL).fma(bv, c5).intoArray(c, cOff + j2 + VL);
            FloatVector.fromArray(SPECIES, c, cOff + j3).fma(bv, c6).intoArray(c, cOff + j3);
            FloatVector.fromArray(SPECIES, c, cOff + j3 + VL).fma(bv, c7).intoArray(c, cOff + j3 + VL);
        }
    }

    /** One vector of columns at {@code j}. */
    private static void single(int j, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int row = bOff + j;
        int ai = aOff;
        for (int p = 0; p < k; p++, row += ldb, ai += aStride) {
            acc = FloatVector.fromArray(SPECIES, b, row).fma(FloatVector.broadcast(SPECIES, a[ai]), acc);
        }
        int ci = cOff + j;
        if (beta == 0f) {
            acc.intoArray(c, ci);
        } else {
            FloatVector.fromArray(SPECIES, c, ci).fma(FloatVector.broadcast(SPECIES, beta), acc).intoArray(c, ci);
        }
    }

    /** The last {@code n - j} (fewer than one vector) columns, in plain Java: no masked vector operations. */
    private static void rest(int j, int n, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff) {
        for (int col = j; col < n; col++) {
            float sum = 0f;
            int ai = aOff;
            for (int p = 0, bi = bOff + col; p < k; p++, bi += ldb, ai += aStride) {
                sum = Math.fma(a[ai], b[bi], sum); // as the vector lanes: a column's value never depends on the split
            }
            c[cOff + col] = beta == 0f ? sum : Math.fma(beta, c[cOff + col], sum);
        }
    }
}
