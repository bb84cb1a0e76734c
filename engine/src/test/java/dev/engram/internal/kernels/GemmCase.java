package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/**
 * One GEMM test problem with deliberately awkward storage: non-zero offsets, leading dimensions
 * larger than the rows, NaN in every padding slot of A and B (a kernel that reads outside the
 * operands poisons its result), NaN garbage in C when {@code beta == 0}, and sentinels around C that
 * must survive. {@link #check} compares against a double-precision reference.
 */
final class GemmCase {
    private static final float SENTINEL = -12345.5f;

    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float beta;
    final float[] a;
    final float[] b;
    final float[] c;
    final float[] c0;
    final int aOff;
    final int lda;
    final int bOff;
    final int ldb;
    final int cOff;
    final int ldc;

    GemmCase(boolean transA, boolean transB, int m, int n, int k, float beta, long seed) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.beta = beta;
        Random random = new Random(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        aOff = 1 + random.nextInt(5);
        lda = aCols + random.nextInt(4);
        bOff = 1 + random.nextInt(5);
        ldb = bCols + random.nextInt(4);
        cOff = 1 + random.nextInt(5);
        ldc = n + 1 + random.nextInt(3);
        a = operand(random, aOff, aRows, aCols, lda);
        b = operand(random, bOff, bRows, bCols, ldb);
        c = new float[cOff + m * ldc + 7];
        java.util.Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = beta == 0f ? Float.NaN : random.nextFloat() * 2 - 1;
            }
        }
        c0 = c.clone();
    }

    /** A matrix filled with values in [-1, 1) and NaN everywhere outside it. */
    private static float[] operand(Random random, int off, int rows, int cols, int ld) {
        float[] x = new float[off + rows * ld + 5];
        java.util.Arrays.fill(x, Float.NaN);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                x[off + r * ld + col] = random.nextFloat() * 2 - 1;
            }
        }
        return x;
    }

    void run(Kernels kernels) {
        kernels.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    private float opA(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    private float opB(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Asserts every element within 1e-5 of {@code sum |a||b| + |beta c|}, and C's padding intact. */
    void check(String who) {
        String where = who + " " + this;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double prod = (double) opA(i, p) * opB(p, j);
                    exact += prod;
                    magnitude += Math.abs(prod);
                }
                if (beta != 0f) {
                    double old = beta * (double) c0[cOff + i * ldc + j];
                    exact += old;
                    magnitude += Math.abs(old);
                }
                float got = c[cOff + i * ldc + j];
                double tol = 1e-5 * magnitude + 1e-30;
                if (!(Math.abs(got - exact) <= tol)) {
                    assertEquals(exact, got, tol, where + " at C[" + i + "," + j + "]");
                }
            }
        }
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertTrue(c[idx] == SENTINEL, where + " wrote outside C at index " + idx);
            }
        }
    }

    @Override
    public String toString() {
        return String.format("gemm(transA=%b, transB=%b, m=%d, n=%d, k=%d, beta=%s, lda=%d, ldb=%d, ldc=%d)",
                transA, transB, m, n, k, beta, lda, ldb, ldc);
    }
}
