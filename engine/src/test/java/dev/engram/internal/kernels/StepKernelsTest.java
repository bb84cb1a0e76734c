package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shortcuts of recurrent steps give the numbers of the general kernels they replace, bit for
 * bit: the one-feature input projection ({@link Kernels#biasPlusOuter} against a broadcast bias
 * and a depth-1 GEMM, signed zeros included) and the batch-1 recurrent product from packed panels
 * ({@link Kernels#rowTimesPackedBlocks} against {@link Kernels#rowTimesBlocks}), on both kernel
 * implementations and for widths with and without vector tails; and one-row products (GRU and
 * simple-RNN steps at batch 1) in both modes of their timed two-core split.
 */
class StepKernelsTest {

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void oneFeatureProjectionEqualsBiasThenGemm(Kernels k) {
        Random r = new Random(5);
        for (int n : new int[] {3, 8, 16, 40, 256, 300}) {
            for (int m : new int[] {1, 2, 7, 70}) {
                for (boolean withBias : new boolean[] {true, false}) {
                    int stride = 3;
                    float[] x = values(r, m * stride);
                    float[] w = values(r, n);
                    float[] bias = withBias ? values(r, n + 2) : null;
                    // Signed zeros where the GEMM's +0 start of the sum matters: -0 products and -0 biases.
                    x[0] = -0f;
                    w[n - 1] = -0f;
                    if (bias != null) {
                        bias[2] = -0f;
                        bias[2 + n - 1] = -0f;
                    }
                    int ldc = n + 5;
                    float[] expected = new float[m * ldc];
                    float[] actual = new float[m * ldc];
                    if (bias != null) {
                        k.broadcastRows(bias, 2, m, n, expected, 0, ldc);
                    }
                    k.gemm(false, false, m, n, 1, x, 1, stride, w, 0, n, bias != null ? 1f : 0f, expected, 0, ldc);
                    k.biasPlusOuter(m, n, x, 1, stride, w, bias, 2, actual, 0, ldc);
                    assertBits(expected, actual, "m=" + m + " n=" + n + " bias=" + withBias);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void packedBlocksEqualStridedBlocks(Kernels k) {
        Random r = new Random(9);
        for (int u : new int[] {40, 64, 100, 128}) {
            for (int blocks : new int[] {3, 4}) {
                int ld = blocks * u;
                float[] b = values(r, u * ld);
                float[] a = values(r, u);
                for (int[] range : new int[][] {{0, u}, {0, u / 2}, {u / 2, u - u / 2}}) {
                    float[] expected = values(new Random(u), ld);
                    float[] actual = expected.clone();
                    k.rowTimesBlocks(blocks, u, range[0], range[1], u, a, 0, b, ld, expected, 0);
                    float[] panels = new float[k.blockPanelFloats(blocks, range[1], u)];
                    k.packBlocks(blocks, u, range[0], range[1], u, b, ld, panels);
                    k.rowTimesPackedBlocks(panels, blocks, u, range[0], range[1], u, a, 0, b, ld, actual, 0);
                    assertArrayEquals(expected, actual, "u=" + u + " blocks=" + blocks + " from " + range[0]);
                }
            }
        }
    }

    @Test
    void oneRowProductsGiveTheSameNumbersOnTwoCoresAndOne() {
        Kernels k = new VectorKernels();
        Random r = new Random(13);
        try {
            for (int[] shape : new int[][] {{300, 200}, {768, 256}, {256, 256}}) {
                int n = shape[0];
                int depth = shape[1];
                float[] a = values(r, depth);
                float[] b = values(r, depth * n);
                KernelThreads.setThreads(1);
                float[] expected = new float[n];
                GemmGemv.rowTimesMatrix(n, depth, a, 0, 1, b, 0, n, 0f, expected, 0);
                KernelThreads.setThreads(2);
                // More calls than the timer's exploring period: both modes run.
                for (int call = 0; call < 2 * SplitTimer.EXPLORE_EVERY + 2; call++) {
                    float[] c = new float[n];
                    k.gemm(false, false, 1, n, depth, a, 0, depth, b, 0, n, 0f, c, 0, n);
                    assertArrayEquals(expected, c, "n=" + n + " k=" + depth + " call " + call);
                }
            }
        } finally {
            KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    private static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }
}
