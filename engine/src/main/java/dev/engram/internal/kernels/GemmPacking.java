package dev.engram.internal.kernels;

import static dev.engram.internal.kernels.GemmMicroKernel.MR;
import static dev.engram.internal.kernels.GemmMicroKernel.NR;
import static dev.engram.internal.kernels.GemmMicroKernel.SPECIES;
import static dev.engram.internal.kernels.GemmMicroKernel.VL;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of {@code op(A)} and {@code op(B)} into the contiguous, zero-padded micro-panel
 * layouts that {@link GemmMicroKernel} reads, so the inner loop sees unit-stride memory whatever the
 * transposes, offsets and leading dimensions of the caller's matrices.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /**
     * Packs rows {@code i0 .. i0+mc} and steps {@code p0 .. p0+kc} of {@code op(A)} as consecutive
     * {@code MR}-row micro-panels ({@code kc * MR} floats each), padding missing rows with zeros.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
            float[] dst) {
        int d = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            if (transA) {
                // Stored k x m: the MR values of one step are adjacent in memory.
                int src = aOff + p0 * lda + i0 + ir;
                for (int p = 0; p < kc; p++, src += lda, d += MR) {
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // Stored m x k: read each row sequentially, write it with stride MR.
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int src = aOff + (i0 + ir + r) * lda + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * MR + r] = 0f;
                        }
                    }
                }
                d += kc * MR;
            }
        }
    }

    /**
     * Packs steps {@code p0 .. p0+kc} and columns {@code j0 .. j0+nc} of {@code op(B)} as consecutive
     * {@code NR}-column micro-panels ({@code kc * NR} floats each), padding missing columns with zeros.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
            float[] dst) {
        int d = 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            if (transB) {
                packBTransposed(b, bOff + (j0 + jr) * ldb + p0, ldb, kc, nr, dst, d);
            } else {
                packBRows(b, bOff + p0 * ldb + j0 + jr, ldb, kc, nr, dst, d);
            }
            d += kc * NR;
        }
    }

    /** One micro-panel from row-major B: {@code kc} rows of {@code nr <= NR} contiguous floats. */
    static void packBRows(float[] b, int src, int ldb, int kc, int nr, float[] dst, int d) {
        if (nr == NR) {
            for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                FloatVector.fromArray(SPECIES, b, src).intoArray(dst, d);
                FloatVector.fromArray(SPECIES, b, src + VL).intoArray(dst, d + VL);
            }
        } else {
            for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                System.arraycopy(b, src, dst, d, nr);
                Arrays.fill(dst, d + nr, d + NR, 0f);
            }
        }
    }

    /** One micro-panel from B stored {@code n x k}: column {@code j} of the panel is a row of B. */
    private static void packBTransposed(float[] b, int src, int ldb, int kc, int nr, float[] dst, int d) {
        for (int j = 0; j < nr; j++) {
            int s = src + j * ldb;
            for (int p = 0; p < kc; p++) {
                dst[d + p * NR + j] = b[s + p];
            }
        }
        for (int j = nr; j < NR; j++) {
            for (int p = 0; p < kc; p++) {
                dst[d + p * NR + j] = 0f;
            }
        }
    }
}
