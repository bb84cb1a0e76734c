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
    private static final int WIDE = 8 * VL;

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
            wide(j, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        }
        for (; j + VL <= n; j += VL) {
            single(j, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        }
        if (j < n) {
            rest(j, n, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        }
    }

    private static void wide(int j, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES), c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES), c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES), c7 = FloatVector.zero(SPECIES);
        int row = bOff + j;
        int ai = aOff;
        for (int p = 0; p < k; p++, row += ldb, ai += aStride) {
            FloatVector av = FloatVector.broadcast(SPECIES, a[ai]);
            c0 = FloatVector.fromArray(SPECIES, b, row).fma(av, c0);
            c1 = FloatVector.fromArray(SPECIES, b, row + VL).fma(av, c1);
            c2 = FloatVector.fromArray(SPECIES, b, row + 2 * VL).fma(av, c2);
            c3 = FloatVector.fromArray(SPECIES, b, row + 3 * VL).fma(av, c3);
            c4 = FloatVector.fromArray(SPECIES, b, row + 4 * VL).fma(av, c4);
            c5 = FloatVector.fromArray(SPECIES, b, row + 5 * VL).fma(av, c5);
            c6 = FloatVector.fromArray(SPECIES, b, row + 6 * VL).fma(av, c6);
            c7 = FloatVector.fromArray(SPECIES, b, row + 7 * VL).fma(av, c7);
        }
        // Two store sequences rather than one store helper or a vector chosen by a branch: a vector
        // passed to a call or merged at a phi can be left boxed by C2 (see VectorMath).
        int ci = cOff + j;
        if (beta == 0f) {
            c0.intoArray(c, ci);
            c1.intoArray(c, ci + VL);
            c2.intoArray(c, ci + 2 * VL);
            c3.intoArray(c, ci + 3 * VL);
            c4.intoArray(c, ci + 4 * VL);
            c5.intoArray(c, ci + 5 * VL);
            c6.intoArray(c, ci + 6 * VL);
            c7.intoArray(c, ci + 7 * VL);
        } else {
            FloatVector bv = FloatVector.broadcast(SPECIES, beta);
            FloatVector.fromArray(SPECIES, c, ci).fma(bv, c0).intoArray(c, ci);
            FloatVector.fromArray(SPECIES, c, ci + VL).fma(bv, c1).intoArray(c, ci + VL);
            FloatVector.fromArray(SPECIES, c, ci + 2 * VL).fma(bv, c2).intoArray(c, ci + 2 * VL);
            FloatVector.fromArray(SPECIES, c, ci + 3 * VL).fma(bv, c3).intoArray(c, ci + 3 * VL);
            FloatVector.fromArray(SPECIES, c, ci + 4 * VL).fma(bv, c4).intoArray(c, ci + 4 * VL);
            FloatVector.fromArray(SPECIES, c, ci + 5 * VL).fma(bv, c5).intoArray(c, ci + 5 * VL);
            FloatVector.fromArray(SPECIES, c, ci + 6 * VL).fma(bv, c6).intoArray(c, ci + 6 * VL);
            FloatVector.fromArray(SPECIES, c, ci + 7 * VL).fma(bv, c7).intoArray(c, ci + 7 * VL);
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
                sum += a[ai] * b[bi];
            }
            c[cOff + col] = beta == 0f ? sum : beta * c[cOff + col] + sum;
        }
    }
}
