package dev.engram.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner loops of {@link GemmDriver}: an {@code MR x NR} tile of C computed from
 * a packed A micro-panel and a B micro-panel, kept entirely in vector registers across the k loop.
 *
 * <p>Layouts: the A micro-panel holds {@code kc} groups of {@link #MR} floats (row {@code r} of
 * step {@code p} at {@code ai + p * MR + r}, zero-padded past the matrix edge). The B micro-panel
 * holds {@code kc} rows of {@link #NR} floats at distance {@code bStride}: either a packed panel
 * ({@code bStride == NR}) or B itself when it is row-major and the tile is whole ({@code bStride ==
 * ldb}), which saves the packing pass for small {@code m}.
 */
final class GemmMicroKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int VL = SPECIES.length();
    /** Rows of C per tile: 6 x 2 vectors = 12 accumulators, leaving registers for B and A. */
    static final int MR = 6;
    /** Columns of C per tile: two vectors. */
    static final int NR = 2 * VL;

    private GemmMicroKernel() {
    }

    /**
     * Computes the {@code MR x NR} product tile and merges its top-left {@code mr x nr} part into C
     * as {@code C = beta * C + tile} ({@code beta == 0}: overwrite without reading C).
     */
    static void tile(int kc, float[] a, int ai, float[] b, int bi, int bStride,
            float[] c, int ci, int ldc, float beta, int mr, int nr, float[] scratch) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * bStride;
            int ap = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + VL);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[ap + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // Always spill to scratch and merge in a separate method. Measured: with the beta merge
        // inlined here, once the beta != 0 path had run the recompiled tile was 3-5x slower (the
        // larger graph hits C2's inlining node budget and vectors get boxed).
        c00.intoArray(scratch, 0);
        c01.intoArray(scratch, VL);
        c10.intoArray(scratch, NR);
        c11.intoArray(scratch, NR + VL);
        c20.intoArray(scratch, 2 * NR);
        c21.intoArray(scratch, 2 * NR + VL);
        c30.intoArray(scratch, 3 * NR);
        c31.intoArray(scratch, 3 * NR + VL);
        c40.intoArray(scratch, 4 * NR);
        c41.intoArray(scratch, 4 * NR + VL);
        c50.intoArray(scratch, 5 * NR);
        c51.intoArray(scratch, 5 * NR + VL);
        merge(scratch, mr, nr, c, ci, ldc, beta);
    }

    /**
     * {@link #tile} of a whole {@code MR x NR} tile with A read in place: row {@code r} of the
     * micro-panel at {@code a[ai + r * lda + p]} instead of packed. The multiply-adds, their order
     * and the merge are those of {@link #tile}, so C gets the same bits. For the per-step products
     * of recurrent runs, whose A (the batch's h, m x u) would otherwise be packed again at every
     * step (5-7% of W2's inference time, JFR). A separate method rather than a stride parameter of
     * {@link #tile}: the hot tile of every other GEMM keeps its constant-offset loads.
     */
    static void tileInPlace(int kc, float[] a, int ai, int lda, float[] b, int bi, int bStride,
            float[] c, int ci, int ldc, float beta, int nr, float[] scratch) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int a0 = ai;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + VL);
            FloatVector av = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[a5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(scratch, 0);
        c01.intoArray(scratch, VL);
        c10.intoArray(scratch, NR);
        c11.intoArray(scratch, NR + VL);
        c20.intoArray(scratch, 2 * NR);
        c21.intoArray(scratch, 2 * NR + VL);
        c30.intoArray(scratch, 3 * NR);
        c31.intoArray(scratch, 3 * NR + VL);
        c40.intoArray(scratch, 4 * NR);
        c41.intoArray(scratch, 4 * NR + VL);
        c50.intoArray(scratch, 5 * NR);
        c51.intoArray(scratch, 5 * NR + VL);
        merge(scratch, MR, nr, c, ci, ldc, beta);
    }

    /**
     * One row of C ({@code 1 x NR}) from row {@code r} of a packed A micro-panel; used for the last
     * one or two rows so that {@code m = 1} (batch-1 inference) does not pay for six padded rows.
     * Two accumulator pairs over even and odd {@code p} hide the FMA latency.
     */
    static void row(int kc, float[] a, int ai, float[] b, int bi, int bStride,
            float[] c, int ci, float beta, int nr, float[] scratch) {
        FloatVector e0 = FloatVector.zero(SPECIES), e1 = FloatVector.zero(SPECIES);
        FloatVector o0 = FloatVector.zero(SPECIES), o1 = FloatVector.zero(SPECIES);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bp = bi + p * bStride;
            FloatVector av = FloatVector.broadcast(SPECIES, a[ai + p * MR]);
            e0 = av.fma(FloatVector.fromArray(SPECIES, b, bp), e0);
            e1 = av.fma(FloatVector.fromArray(SPECIES, b, bp + VL), e1);
            bp += bStride;
            av = FloatVector.broadcast(SPECIES, a[ai + (p + 1) * MR]);
            o0 = av.fma(FloatVector.fromArray(SPECIES, b, bp), o0);
            o1 = av.fma(FloatVector.fromArray(SPECIES, b, bp + VL), o1);
        }
        if (p < kc) {
            int bp = bi + p * bStride;
            FloatVector av = FloatVector.broadcast(SPECIES, a[ai + p * MR]);
            e0 = av.fma(FloatVector.fromArray(SPECIES, b, bp), e0);
            e1 = av.fma(FloatVector.fromArray(SPECIES, b, bp + VL), e1);
        }
        e0 = e0.add(o0);
        e1 = e1.add(o1);
        e0.intoArray(scratch, 0);
        e1.intoArray(scratch, VL);
        merge(scratch, 1, nr, c, ci, 0, beta);
    }

    /** {@code C = beta * C + tile} for the top-left {@code mr x nr} of a scratch tile. */
    private static void merge(float[] tile, int mr, int nr, float[] c, int ci, int ldc, float beta) {
        if (nr == NR && beta == 0f) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(tile, r * NR, c, ci + r * ldc, NR);
            }
            return;
        }
        if (nr == NR) {
            // No vector merged at a phi (C2 may box it): the beta == 0 case is the copy above.
            FloatVector bv = FloatVector.broadcast(SPECIES, beta);
            for (int r = 0; r < mr; r++) {
                int cr = ci + r * ldc;
                int tr = r * NR;
                FloatVector.fromArray(SPECIES, c, cr).fma(bv, FloatVector.fromArray(SPECIES, tile, tr))
                        .intoArray(c, cr);
                FloatVector.fromArray(SPECIES, c, cr + VL).fma(bv, FloatVector.fromArray(SPECIES, tile, tr + VL))
                        .intoArray(c, cr + VL);
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int cr = ci + r * ldc;
            int tr = r * NR;
            if (beta == 0f) {
                System.arraycopy(tile, tr, c, cr, nr);
            } else {
                for (int j = 0; j < nr; j++) {
                    c[cr + j] = Math.fma(beta, c[cr + j], tile[tr + j]);
                }
            }
        }
    }
}
