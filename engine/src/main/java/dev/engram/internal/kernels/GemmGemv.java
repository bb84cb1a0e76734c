package dev.engram.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
        for (; j < n; j += VL) {
            narrow(j, Math.min(VL, n - j), k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
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
        int ci = cOff + j;
        store(c0, beta, c, ci);
        store(c1, beta, c, ci + VL);
        store(c2, beta, c, ci + 2 * VL);
        store(c3, beta, c, ci + 3 * VL);
        store(c4, beta, c, ci + 4 * VL);
        store(c5, beta, c, ci + 5 * VL);
        store(c6, beta, c, ci + 6 * VL);
        store(c7, beta, c, ci + 7 * VL);
    }

    private static void store(FloatVector v, float beta, float[] c, int ci) {
        if (beta != 0f) {
            v = FloatVector.fromArray(SPECIES, c, ci).fma(FloatVector.broadcast(SPECIES, beta), v);
        }
        v.intoArray(c, ci);
    }

    private static void narrow(int j, int width, int k, float[] a, int aOff, int aStride, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff) {
        VectorMask<Float> m = SPECIES.indexInRange(0, width);
        FloatVector acc = FloatVector.zero(SPECIES);
        int row = bOff + j;
        int ai = aOff;
        for (int p = 0; p < k; p++, row += ldb, ai += aStride) {
            acc = FloatVector.fromArray(SPECIES, b, row, m).fma(FloatVector.broadcast(SPECIES, a[ai]), acc);
        }
        int ci = cOff + j;
        if (beta != 0f) {
            acc = FloatVector.fromArray(SPECIES, c, ci, m).fma(FloatVector.broadcast(SPECIES, beta), acc);
        }
        acc.intoArray(c, ci, m);
    }
}
