package dev.engram.internal.kernels;

import static dev.engram.internal.kernels.GemmMicroKernel.MR;
import static dev.engram.internal.kernels.GemmMicroKernel.NR;


/**
 * Blocked, packed GEMM on top of {@link GemmMicroKernel} (the GotoBLAS loop order: columns by
 * {@link #NC}, depth by {@link #KC}, rows by {@link #MC}, then micro-tiles), plus the split of big
 * products over a shared pool.
 *
 * <p>Cache plan: a {@code KC x NR} B micro-panel (32 KiB at 512-bit vectors, 16 KiB at 256-bit) is
 * streamed from L1/L2 while every A micro-panel of the row block passes it; the packed
 * {@code MC x KC} A block (144 KiB) stays in L2; the packed {@code KC x NC} B panel lives in L2/L3.
 * KC = 256 rather than 128 (which would keep the AVX-512 micro-panel in half of L1): deep products
 * then make half as many passes over C, and on the 2-core AVX-512 machine single-threaded
 * [1024x1024]x[1024x1024] went from 62-71 to 85-87 GFLOP/s and [128x288]x[288x1024] from 88 to 90-94,
 * the hardware prefetcher keeping the wider panel fed. Packing buffers are per thread and reused,
 * so steady-state calls do not allocate.
 *
 * <p>Narrow C ({@code n} under one vector) and few-row products with a transposed B go to
 * {@link GemmDot} instead, on the calling thread.
 */
final class GemmDriver {
    static final int KC = 256;
    static final int MC = 24 * MR;
    static final int NC = 2048;
    /**
     * Up to this many rows of C, row-major B is read in place instead of packed: packing costs about
     * {@code 2/m} of the multiply, which dominates for the batch-sized {@code m} of recurrent steps
     * (measured faster than packing for every m up to 64, e.g. 4 x 128 x 512: 70 vs 28 GFLOP/s).
     */
    static final int DIRECT_MAX_M = 64;
    /**
     * Up to this many rows of C, a transposed B is used as stored (rows contiguous in k) by the dot
     * product kernel of {@link GemmDot} instead of being transposed into panels (the scalar
     * transpose costs more than the multiply there; measured crossover between m = 8 and 32).
     */
    static final int DOT_MAX_M = 8;
    /**
     * One-row products with at least this many multiply-adds (B of 128 KiB) split their columns over
     * two kernel threads ({@link GemvSplit}): below it B sits in L1/L2 closely enough that the
     * hand-off (~0.2 us) eats the gain. The system property
     * {@code engram.kernels.gemvSplitMinFmas} overrides it (read once; a huge value keeps every
     * one-row product on one core), so the split can be measured against one core per model size.
     */
    static final long GEMV_SPLIT_MIN_FMAS = Long.getLong("engram.kernels.gemvSplitMinFmas", 1L << 15);

    /** Products with fewer multiply-adds run on the calling thread (a hand-off costs a few us). */
    static final long PARALLEL_MIN_FMAS = 1L << 21;

    private static final ThreadLocal<PackBuffers> WORKSPACE = ThreadLocal.withInitial(PackBuffers::new);

    private GemmDriver() {
    }

    /** Entry point with the {@link Kernels#gemm} contract. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (n < GemmMicroKernel.VL || (transB && m <= DOT_MAX_M)) {
            PackBuffers ws = WORKSPACE.get();
            float[] aRows = transA ? ws.aPack(Math.min(m, GemmDot.A_BLOCK) * k) : null;
            float[] bRows = transB ? null : ws.bPack(n * k);
            GemmDot.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, aRows, bRows, ws.lanes);
            return;
        }
        if (m == 1 && !transB) {
            // A single row (batch-1 recurrent steps): a dedicated kernel with eight accumulators,
            // on two cores when B is large enough to be bound by one core's L2 bandwidth.
            int aStride = transA ? lda : 1;
            if ((long) n * k >= GEMV_SPLIT_MIN_FMAS) {
                GemvSplit.rowTimesMatrix(n, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
            } else {
                GemmGemv.rowTimesMatrix(n, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
            }
            return;
        }
        int t = KernelThreads.threads();
        if (t > 1 && (long) m * n * k >= PARALLEL_MIN_FMAS && !KernelThreads.inTask()) {
            parallel(t, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            sequential(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * True when {@link #gemm} (A not transposed) would pack this B into panels: not a dot-product,
     * one-row or B-in-place product. Only then does a {@link PackedB} save work.
     */
    static boolean packsB(boolean transB, int m, int n, int k) {
        return m > 0 && k > 0 && n >= GemmMicroKernel.VL && (transB ? m > DOT_MAX_M : m > DIRECT_MAX_M);
    }

    /**
     * {@link #gemm} of A ({@code m x k}, not transposed) with B packed by {@link #packAll}; large
     * products split into row strips over the kernel threads (each element is computed as in one
     * strip, so the split changes no bits).
     */
    static void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, float[][] panels, float beta,
            float[] c, int cOff, int ldc) {
        int t = KernelThreads.threads();
        int width = roundUp((m + t - 1) / t, MR);
        int chunks = (m + width - 1) / width;
        if (t == 1 || chunks <= 1 || (long) m * n * k < PARALLEL_MIN_FMAS || KernelThreads.inTask()) {
            sequentialPacked(false, m, n, k, a, aOff, lda, panels, beta, c, cOff, ldc);
            return;
        }
        KernelThreads.run(chunks, strip -> {
            int from = strip * width;
            sequentialPacked(false, Math.min(width, m - from), n, k, a, aOff + from * lda, lda, panels, beta, c,
                    cOff + from * ldc, ldc);
        });
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
            }
        }
    }

    static void sequential(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        PackBuffers ws = WORKSPACE.get();
        boolean direct = !transB && m <= DIRECT_MAX_M;
        int kcMax = Math.min(KC, k);
        float[] aPack = ws.aPack(kcMax * Math.min(MC, roundUp(m, MR)));
        float[] bPack = direct ? ws.bPack(kcMax * NR) : ws.bPack(kcMax * Math.min(NC, roundUp(n, NR)));
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int ncFull = direct ? nc - nc % NR : nc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (!direct) {
                    GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, bPack);
                } else if (ncFull < nc) {
                    GemmPacking.packBRows(b, bOff + pc * ldb + jc + ncFull, ldb, kc, nc - ncFull, bPack, 0);
                }
                block(transA, false, m, jc, nc, ncFull, pc, kc, a, aOff, lda, direct ? b : null,
                        bOff + pc * ldb + jc, ldb, bPack, pc == 0 ? beta : 1f, c, cOff, ldc, aPack, ws.scratch);
            }
        }
    }

    /**
     * {@link #sequential} of a product whose B was packed once ({@link #packAll}): the same blocks,
     * panels and micro-kernel calls in the same order, so the same numbers, without packing B again.
     * A not transposed is read in place by whole tiles ({@link GemmMicroKernel#tileInPlace}): these
     * are the per-step products of recurrent runs, whose A changes at every step.
     */
    static void sequentialPacked(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
            float[][] panels, float beta, float[] c, int cOff, int ldc) {
        PackBuffers ws = WORKSPACE.get();
        float[] aPack = ws.aPack(Math.min(KC, k) * Math.min(MC, roundUp(m, MR)));
        int block = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                block(transA, !transA, m, jc, nc, nc, pc, Math.min(KC, k - pc), a, aOff, lda, null, 0, 0,
                        panels[block++], pc == 0 ? beta : 1f, c, cOff, ldc, aPack, ws.scratch);
            }
        }
    }

    /**
     * op(B) ({@code k x n}) packed as {@link #sequential} packs it when it does not read B in place:
     * one panel set per ({@code NC} columns, {@code KC} steps) block, in loop order.
     */
    static float[][] packAll(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        float[][] panels = new float[((n + NC - 1) / NC) * ((k + KC - 1) / KC)][];
        int block = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                panels[block] = new float[kc * roundUp(nc, NR)];
                GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, panels[block++]);
            }
        }
        return panels;
    }

    /**
     * One ({@code jc}, {@code pc}) block of C: every row block of A packed and run against the B
     * panels of the block: {@code bPack} (packed), or B in place ({@code bDirect} from
     * {@code bBlock}, row stride {@code ldb}) for the first {@code ncFull} columns and {@code bPack}
     * for the rest. With {@code aInPlace} (A not transposed), whole {@code MR}-row tiles read A where
     * it is and only the rows past the last whole tile are packed.
     */
    private static void block(boolean transA, boolean aInPlace, int m, int jc, int nc, int ncFull, int pc, int kc,
            float[] a, int aOff, int lda, float[] bDirect, int bBlock, int ldb, float[] bPack, float blockBeta,
            float[] c, int cOff, int ldc, float[] aPack, float[] scratch) {
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            int inPlace = aInPlace ? mc - mc % MR : 0;
            GemmPacking.packA(transA, a, aOff, lda, ic + inPlace, mc - inPlace, pc, kc, aPack);
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                float[] bp = bPack;
                int bi;
                int bs = NR;
                if (bDirect == null) {
                    bi = jr * kc;
                } else if (jr < ncFull) {
                    bp = bDirect;
                    bi = bBlock + jr;
                    bs = ldb;
                } else {
                    bi = 0;
                }
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int ci = cOff + (ic + ir) * ldc + jc + jr;
                    if (ir < inPlace) {
                        GemmMicroKernel.tileInPlace(kc, a, aOff + (ic + ir) * lda + pc, lda, bp, bi, bs, c, ci, ldc,
                                blockBeta, nr, scratch);
                        continue;
                    }
                    int ai = (ir - inPlace) * kc;
                    if (mr > 2) {
                        GemmMicroKernel.tile(kc, aPack, ai, bp, bi, bs, c, ci, ldc, blockBeta, mr, nr, scratch);
                    } else {
                        for (int r = 0; r < mr; r++) {
                            GemmMicroKernel.row(kc, aPack, ai + r, bp, bi, bs, c, ci + r * ldc, blockBeta, nr,
                                    scratch);
                        }
                    }
                }
            }
        }
    }

    /**
     * Splits C into one strip per thread (columns when C is wide, rows otherwise) and runs each strip
     * as an independent sequential GEMM. The caller works too and takes any strip no helper has
     * started, so a busy pool delays nothing; only strips already running are waited for.
     */
    private static void parallel(int t, boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        boolean byColumns = n >= m;
        int extent = byColumns ? n : m;
        int unit = byColumns ? NR : MR;
        int width = roundUp((extent + t - 1) / t, unit);
        int chunks = (extent + width - 1) / width;
        if (chunks <= 1) {
            sequential(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        KernelThreads.run(chunks, strip -> {
            int from = strip * width;
            int len = Math.min(width, extent - from);
            if (byColumns) {
                sequential(transA, transB, m, len, k, a, aOff, lda,
                        b, transB ? bOff + from * ldb : bOff + from, ldb, beta, c, cOff + from, ldc);
            } else {
                sequential(transA, transB, len, n, k, a, transA ? aOff + from : aOff + from * lda, lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            }
        });
    }

    static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /** Per-thread packing buffers, grown on demand and then reused. */
    /**
     * {@link #packAll} into this thread's reusable panels (grown, never shrunk: no allocation once warm,
     * also when layers of different sizes alternate), one set per {@code slot} (0 or 1). The panels
     * stay valid until this thread packs into the same slot again; the steps of one recurrent run use
     * them in between.
     */
    static float[][] packAllReused(int slot, boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        PackBuffers ws = WORKSPACE.get();
        int blocks = ((n + NC - 1) / NC) * ((k + KC - 1) / KC);
        if (ws.panels[slot].length < blocks) {
            ws.panels[slot] = java.util.Arrays.copyOf(ws.panels[slot], blocks);
        }
        float[][] panels = ws.panels[slot];
        int block = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int size = kc * roundUp(nc, NR);
                if (panels[block] == null || panels[block].length < size) {
                    panels[block] = new float[size];
                }
                GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, panels[block++]);
            }
        }
        return panels;
    }

    private static final class PackBuffers {
        private float[] aPack = new float[0];
        private float[] bPack = new float[0];
        private final float[][][] panels = {new float[0][], new float[0][]};
        final float[] scratch = new float[MR * NR];
        final float[] lanes = new float[4 * LaneSums.LANES];

        float[] aPack(int size) {
            if (aPack.length < size) {
                aPack = new float[size];
            }
            return aPack;
        }

        float[] bPack(int size) {
            if (bPack.length < size) {
                bPack = new float[size];
            }
            return bPack;
        }
    }
}
