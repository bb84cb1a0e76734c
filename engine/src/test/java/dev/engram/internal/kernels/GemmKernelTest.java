package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GEMM of both kernel paths against a double-precision reference (see {@link GemmCase}). */
class GemmKernelTest {
    /** Around the vector width (16 at 512 bits), the 6-row tile, KC = 256 and MC = 144. */
    private static final int[] SIZES = {1, 3, 7, 15, 16, 17, 31, 33, 64, 65, 100, 257};
    private static final int[] SMALL = {1, 3, 7, 15, 16, 17, 31, 33};
    private static final float[] BETAS = {0f, 1f, 0.5f};

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels());
    }

    @AfterEach
    void restoreThreads() {
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void allSmallShapesEveryTransposeAndBeta(Kernels kernels) {
        long seed = 1;
        for (int m : SMALL) {
            for (int n : SMALL) {
                for (int k : SMALL) {
                    for (int t = 0; t < 4; t++) {
                        float beta = BETAS[(int) (seed % 3)];
                        runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, m, n, k, beta, seed++));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void mixedSizesUpTo257(Kernels kernels) {
        long seed = 1000;
        for (int i = 0; i < SIZES.length; i++) {
            // Each size appears in every role, paired with unrelated sizes for the other two.
            int m = SIZES[i];
            int n = SIZES[(i * 5 + 3) % SIZES.length];
            int k = SIZES[(i * 7 + 8) % SIZES.length];
            for (int t = 0; t < 4; t++) {
                for (float beta : BETAS) {
                    runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, m, n, k, beta, seed++));
                    runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, n, k, m, beta, seed++));
                    runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, k, m, n, beta, seed++));
                }
            }
        }
    }

    /**
     * Layer-like shapes: batch rows, 4 * units columns, crossing the NC = 2048 column block; narrow C
     * and few-row transposed-B products (dot-product path), crossing its 64-row A block.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void recurrentStepShapesAndWideC(Kernels kernels) {
        int[][] shapes = {{1, 64, 16}, {2, 1, 64}, {5, 2100, 9}, {24, 1024, 256}, {25, 256, 64},
            {30, 2100, 9}, {128, 512, 128}, {64, 260, 300}, {130, 3, 40}, {8, 101, 70}, {9, 37, 300},
            {1, 1, 1}, {200, 1, 33}};
        long seed = 5000;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2],
                        BETAS[t % 3], seed++));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void largeProductSplitOverThreads(Kernels kernels) {
        KernelThreads.setThreads(2);
        long seed = 9000;
        for (int t = 0; t < 4; t++) {
            runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, 300, 520, 700, BETAS[t % 3], seed++));
            // Tall C splits by rows instead of columns.
            runAndCheck(kernels, new GemmCase((t & 1) != 0, (t & 2) != 0, 700, 70, 300, BETAS[(t + 1) % 3],
                    seed++));
        }
    }

    @Test
    void oneRowProductsSplitWithThePartnerCore() throws Exception {
        KernelThreads.setThreads(2);
        long seed = 9500;
        // n * k at and above the split threshold; column counts with and without a vector tail.
        int[][] shapes = {{512, 128}, {515, 100}, {1024, 64}, {33, 1000}, {4096, 9}};
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (float beta : BETAS) {
                    GemmCase split = new GemmCase(transA, false, 1, s[0], s[1], beta, seed);
                    GemmCase single = new GemmCase(transA, false, 1, s[0], s[1], beta, seed++);
                    split.run(new VectorKernels());
                    split.check("vector/partner");
                    KernelThreads.setThreads(1);
                    single.run(new VectorKernels());
                    KernelThreads.setThreads(2);
                    // Each column is computed by the same kernel on either core: no bit changes.
                    assertArrayEquals(single.c, split.c);
                }
            }
        }
        // Several callers at once: one gets the partner, the others run alone; all correct.
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<GemmCase>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                long caseSeed = 9700 + i;
                futures.add(callers.submit(() -> {
                    GemmCase g = new GemmCase(false, false, 1, 512, 128, 1f, caseSeed);
                    g.run(new VectorKernels());
                    return g;
                }));
            }
            for (Future<GemmCase> f : futures) {
                f.get().check("vector/concurrent one-row");
            }
        } finally {
            callers.shutdown();
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rowTimesBlocksGivesTheWholeRowsColumns(Kernels kernels) {
        KernelThreads.setThreads(1);
        java.util.Random r = new java.util.Random(4242);
        // Unit counts with and without vector tails; a unit range split at a multiple of 32 (as
        // LstmUnitSplit does) and at an odd place.
        for (int u : new int[] {17, 64, 100, 128, 131}) {
            int g = 4 * u;
            float[] h = new float[u + 3];
            float[] w = new float[u * g];
            float[] z0 = new float[g + 5];
            for (int i = 0; i < h.length; i++) {
                h[i] = r.nextFloat() * 2 - 1;
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextFloat() * 2 - 1;
            }
            for (int i = 0; i < z0.length; i++) {
                z0[i] = r.nextFloat() * 2 - 1;
            }
            float[] whole = z0.clone();
            kernels.gemm(false, false, 1, g, u, h, 3, u, w, 0, g, 1f, whole, 5, g);
            for (int cut : new int[] {Math.min(u, 32), u / 2, u - 1}) {
                float[] halves = z0.clone();
                kernels.rowTimesBlocks(4, u, 0, cut, u, h, 3, w, g, halves, 5);
                kernels.rowTimesBlocks(4, u, cut, u - cut, u, h, 3, w, g, halves, 5);
                // Each column is summed by the same kernel in the same order: no bit changes.
                assertArrayEquals(whole, halves, kernels.name() + " u=" + u + " cut=" + cut);
            }
            float[] contiguous = z0.clone();
            kernels.rowTimesBlocks(1, g, 0, g, u, h, 3, w, g, contiguous, 5);
            assertArrayEquals(whole, contiguous, kernels.name() + " u=" + u + " one block");
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void packedBGivesThePlainProductsNumbers(Kernels kernels) {
        // Shapes each side of the dot-product (m <= 8, transposed B), in-place (m <= 64, row-major B)
        // and parallel thresholds, with k over KC = 256 and n not a multiple of the panel width.
        int[][] shapes = {{64, 256, 1024}, {9, 40, 300}, {8, 40, 300}, {65, 33, 257}, {200, 700, 300}, {1, 48, 20}};
        long seed = 8100;
        for (int threads : new int[] {1, 2}) {
            KernelThreads.setThreads(threads);
            for (int[] s : shapes) {
                for (boolean transB : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 1f}) {
                        GemmCase plain = new GemmCase(false, transB, s[0], s[1], s[2], beta, seed);
                        GemmCase packed = new GemmCase(false, transB, s[0], s[1], s[2], beta, seed++);
                        plain.run(kernels);
                        PackedB pb = kernels.packB(transB, s[1], s[2], packed.b, packed.bOff, packed.ldb);
                        kernels.gemm(s[0], pb, packed.a, packed.aOff, packed.lda, beta, packed.c, packed.cOff,
                                packed.ldc);
                        packed.check(kernels.name() + "/packed");
                        // The same panels and micro-kernel calls as the plain product: no bit changes.
                        assertArrayEquals(plain.c, packed.c, kernels.name() + " " + java.util.Arrays.toString(s)
                                + " transB=" + transB + " threads=" + threads);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void packedForStepsGivesThePlainProductsNumbersAndReusesItsSlots(Kernels kernels) {
        // Large then small then large shapes through both slots: reused panels larger than needed,
        // and a slot repacked while the other still holds its own kernel.
        int[][] shapes = {{200, 700, 300}, {65, 33, 257}, {128, 1024, 256}, {65, 33, 257}, {300, 64, 40}};
        long seed = 9100;
        for (int threads : new int[] {1, 2}) {
            KernelThreads.setThreads(threads);
            int[][] heldShape = new int[2][];
            long[] heldSeed = new long[2];
            PackedB[] packs = new PackedB[2];
            for (int i = 0; i < shapes.length; i++) {
                int slot = i % 2;
                heldShape[slot] = shapes[i];
                heldSeed[slot] = seed++;
                GemmCase source = new GemmCase(false, false, shapes[i][0], shapes[i][1], shapes[i][2], 1f,
                        heldSeed[slot]);
                packs[slot] = kernels.packBForSteps(slot, source.m, source.n, source.k, source.b, source.bOff,
                        source.ldb);
                for (int use = 0; use <= Math.min(i, 1); use++) {
                    int[] s = heldShape[use];
                    GemmCase plain = new GemmCase(false, false, s[0], s[1], s[2], 1f, heldSeed[use]);
                    GemmCase c = new GemmCase(false, false, s[0], s[1], s[2], 1f, heldSeed[use]);
                    plain.run(kernels);
                    if (packs[use] == null) {
                        assertEquals("scalar", kernels.name(), "only the scalar kernels never pack");
                        continue;
                    }
                    kernels.gemm(c.m, packs[use], c.a, c.aOff, c.lda, 1f, c.c, c.cOff, c.ldc);
                    c.check(kernels.name() + "/packed for steps");
                    assertArrayEquals(plain.c, c.c, kernels.name() + " slot " + use + " after packing "
                            + java.util.Arrays.toString(shapes[i]) + " threads=" + threads);
                }
            }
        }
        assertEquals(null, kernels.packBForSteps(0, 64, 256, 128, new float[128 * 256], 0, 256),
                "64 rows read B in place: nothing to pack");
    }

    @Test
    void singleThreadSettingGivesSameResultAsParallel() {
        GemmCase one = new GemmCase(false, true, 300, 520, 700, 0.5f, 77);
        GemmCase two = new GemmCase(false, true, 300, 520, 700, 0.5f, 77);
        KernelThreads.setThreads(1);
        one.run(new VectorKernels());
        KernelThreads.setThreads(2);
        two.run(new VectorKernels());
        // Strips compute each element with the same blocking, so the split changes no bits.
        assertArrayEquals(one.c, two.c);
        one.check("vector/1 thread");
    }

    @Test
    void concurrentCallersShareThePool() throws Exception {
        KernelThreads.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<GemmCase>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = 300 + i;
                futures.add(callers.submit(() -> {
                    GemmCase g = new GemmCase(seed % 2 == 0, false, 150, 260, 120, 1f, seed);
                    g.run(new VectorKernels());
                    return g;
                }));
            }
            for (Future<GemmCase> f : futures) {
                f.get().check("vector/concurrent");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void zeroDepthScalesOrClearsC(Kernels kernels) {
        for (float beta : BETAS) {
            runAndCheck(kernels, new GemmCase(false, false, 5, 40, 0, beta, 11));
        }
        runAndCheck(kernels, new GemmCase(true, true, 0, 40, 3, 0f, 12));
        runAndCheck(kernels, new GemmCase(true, true, 4, 0, 3, 0f, 13));
    }

    private static void runAndCheck(Kernels kernels, GemmCase g) {
        g.run(kernels);
        g.check(kernels.name());
    }
}
