package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * LaneSums adds in one fixed pairwise order, and the kernels built on it give the same bits in every
 * compilation tier: each call, from the first (interpreted) to the last (compiled by C2 after hundreds of
 * thousands of calls), equals the first one. {@code reduceLanes(ADD)} fails this on JDK 25, whose C2
 * intrinsic adds in another order than the Java fallback.
 */
class LaneSumsTest {
    private static final int VL = LaneSums.LANES;

    @Test
    void foldsPairwiseInAFixedOrder() {
        SplittableRandom random = new SplittableRandom(17);
        for (int c = 0; c < 100; c++) {
            float[] lanes = new float[VL + 3];
            for (int i = 0; i < lanes.length; i++) {
                // wide magnitudes: any change of order shows in the last bits
                lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4)));
            }
            float want = pairwise(lanes, 3, VL);
            assertEquals(want, LaneSums.sum(lanes, 3), 0f);
        }
    }

    @Test
    void kernelsThatReduceGiveTheSameBitsBeforeAndAfterCompilation() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 4 * VL + 5;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4)));
            y[i] = (float) random.nextGaussian();
        }
        // a narrow GEMM (n below one vector) takes the dot-product path, which reduces lanes
        int m = 1;
        int cols = Math.max(1, VL / 2 - 1);
        float[] b = new float[n * cols];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        VectorKernels kernels = new VectorKernels();
        float dot0 = kernels.dot(n, x, 0, y, 0);
        float[] c0 = new float[m * cols];
        GemmDriver.gemm(false, false, m, cols, n, x, 0, n, b, 0, cols, 0f, c0, 0, cols);
        float[] c = new float[m * cols];
        for (int call = 0; call < 200_000; call++) {
            float dot = kernels.dot(n, x, 0, y, 0);
            if (dot != dot0) {
                assertEquals(dot0, dot, 0f, "dot, call " + call);
            }
            if (call % 8 == 0) {
                GemmDriver.gemm(false, false, m, cols, n, x, 0, n, b, 0, cols, 0f, c, 0, cols);
                if (!java.util.Arrays.equals(c0, c)) {
                    assertEquals(java.util.Arrays.toString(c0), java.util.Arrays.toString(c), "gemm, call " + call);
                }
            }
        }
    }

    /** The pairwise fold in plain scalar code. */
    private static float pairwise(float[] t, int off, int n) {
        float[] r = java.util.Arrays.copyOfRange(t, off, off + n);
        for (int d = n / 2; d >= 1; d /= 2) {
            for (int i = 0; i < d; i++) {
                r[i] = r[i] + r[i + d];
            }
        }
        return r[0];
    }
}
