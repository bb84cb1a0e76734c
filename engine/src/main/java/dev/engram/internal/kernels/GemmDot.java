package dev.engram.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM as dot products along k, for the shapes where vectorising across the columns of C does not
 * pay: narrow C ({@code n} below one vector, e.g. a {@code Dense(1)} head or a 2 x 1 x 64 product)
 * and one or two rows of C against a transposed B (a GEMV whose B rows are contiguous in k, where
 * packing B would cost more than the multiply).
 *
 * <p>Works on row-major {@code op(A)} ({@code m x k}) and {@code op(B)^T} ({@code n x k}) views; the
 * caller copies whichever operand is not already stored that way into {@code aRows}/{@code bRows}, and
 * gives room for four vectors in {@code lanes}, where the dot products are summed in a fixed order
 * ({@link LaneSums}).
 */
final class GemmDot {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    /** Rows of op(A) copied per step when A must be transposed, bounding the scratch size. */
    static final int A_BLOCK = 64;

    private GemmDot() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc, float[] aRows, float[] bRows, float[] lanes) {
        float[] bt = b;
        int btOff = bOff;
        int ldbt = ldb;
        if (!transB) {
            // Copy the n (< one vector) columns of B into n contiguous rows of length k.
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bRows[j * k + p] = b[bOff + p * ldb + j];
                }
            }
            bt = bRows;
            btOff = 0;
            ldbt = k;
        }
        for (int i0 = 0; i0 < m; i0 += A_BLOCK) {
            int rows = Math.min(A_BLOCK, m - i0);
            float[] at = a;
            int atOff = aOff + i0 * lda;
            int ldat = lda;
            if (transA) {
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < k; p++) {
                        aRows[r * k + p] = a[aOff + p * lda + i0 + r];
                    }
                }
                at = aRows;
                atOff = 0;
                ldat = k;
            }
            for (int r = 0; r < rows; r++) {
                int ai = atOff + r * ldat;
                int ci = cOff + (i0 + r) * ldc;
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    dot4(k, at, ai, bt, btOff + j * ldbt, ldbt, c, ci + j, beta, lanes);
                }
                for (; j < n; j++) {
                    float s = dot1(k, at, ai, bt, btOff + j * ldbt, lanes);
                    c[ci + j] = beta == 0f ? s : Math.fma(beta, c[ci + j], s);
                }
            }
        }
    }

    /** Four dot products of one A row with four consecutive B rows, merged into C[ci .. ci+3]. */
    private static void dot4(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci, float beta,
            float[] lanes) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int b1 = bi + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int p = 0;
        for (int bound = S.loopBound(k); p < bound; p += VL) {
            FloatVector av = FloatVector.fromArray(S, a, ai + p);
            s0 = av.fma(FloatVector.fromArray(S, b, bi + p), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, VL);
        s2.intoArray(lanes, 2 * VL);
        s3.intoArray(lanes, 3 * VL);
        float r0 = LaneSums.sum(lanes, 0);
        float r1 = LaneSums.sum(lanes, VL);
        float r2 = LaneSums.sum(lanes, 2 * VL);
        float r3 = LaneSums.sum(lanes, 3 * VL);
        for (; p < k; p++) {
            float av = a[ai + p];
            r0 += av * b[bi + p];
            r1 += av * b[b1 + p];
            r2 += av * b[b2 + p];
            r3 += av * b[b3 + p];
        }
        if (beta == 0f) {
            c[ci] = r0;
            c[ci + 1] = r1;
            c[ci + 2] = r2;
            c[ci + 3] = r3;
        } else {
            c[ci] = Math.fma(beta, c[ci], r0);
            c[ci + 1] = Math.fma(beta, c[ci + 1], r1);
            c[ci + 2] = Math.fma(beta, c[ci + 2], r2);
            c[ci + 3] = Math.fma(beta, c[ci + 3], r3);
        }
    }

    private static float dot1(int k, float[] a, int ai, float[] b, int bi, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (int bound = S.loopBound(k); p < bound; p += VL) {
            s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s);
        }
        s.intoArray(lanes, 0);
        float r = LaneSums.sum(lanes, 0);
        for (; p < k; p++) {
            r += a[ai + p] * b[bi + p];
        }
        return r;
    }
}
