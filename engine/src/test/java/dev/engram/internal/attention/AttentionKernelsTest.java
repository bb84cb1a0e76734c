package dev.engram.internal.attention;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both attention kernel paths against double-precision references: the small product over sizes around
 * the tiles (4 x 4 vectors, 8 x 2 vectors, one row, the scalar column tail) with offsets and leading
 * dimensions wider than the matrices, and the masked softmax over row lengths around the vector width,
 * with masked entries, fully masked rows and wide score ranges.
 */
class AttentionKernelsTest {
    /** Around 4 and 8 rows, one, two and four 512-bit vectors (16 floats) and 256-bit ones (8). */
    private static final int[] SIZES = {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 64, 65, 70};

    static Stream<AttentionKernels> kernels() {
        return Stream.of(new ScalarAttentionKernels(), new VectorAttentionKernels());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void productMatchesDoubleReference(AttentionKernels kernels) {
        long seed = 1;
        for (int i = 0; i < SIZES.length; i++) {
            for (int j = 0; j < SIZES.length; j += 2) {
                int m = SIZES[i];
                int n = SIZES[j];
                int k = SIZES[(i * 7 + j * 3 + 5) % SIZES.length];
                checkProduct(kernels, m, n, k, seed++);
                checkProduct(kernels, k, m, n, seed++);
            }
        }
        // the benchmark model's per-head shapes: scores and weighted sum
        checkProduct(kernels, 64, 64, 32, seed++);
        checkProduct(kernels, 64, 32, 64, seed);
    }

    /**
     * The vector product computes every element as one FMA chain from zero in {@code p} order, wherever
     * it sits (4 x 4 and 8 x 2 tiles, 4 x 1 tiles, one-row loops, the scalar tail): bit for bit, so a
     * product split into column blocks (MultiHeadAttention's fused self-attention projection) gives the
     * bits of the whole.
     */
    @org.junit.jupiter.api.Test
    void vectorProductIsOneFmaChainPerElement() {
        AttentionKernels kernels = new VectorAttentionKernels();
        long seed = 100;
        for (int m : new int[] {1, 3, 5, 9, 64}) {
            for (int n : new int[] {7, 16, 40, 60, 99, 219, 384}) {
                int k = 5 + n % 37;
                float[] a = randomFloats(m * k, seed++, 1.0);
                float[] b = randomFloats(k * n, seed++, 1.0);
                float[] c = new float[m * n];
                kernels.product(m, n, k, a, 0, k, b, 0, n, c, 0, n);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float acc = 0f;
                        for (int p = 0; p < k; p++) {
                            acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                        }
                        assertEquals(Float.floatToIntBits(acc), Float.floatToIntBits(c[i * n + j]),
                                "product " + m + "x" + n + "x" + k + " at (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    private static void checkProduct(AttentionKernels kernels, int m, int n, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = k + r.nextInt(4);
        int ldb = n + r.nextInt(4);
        int ldc = n + r.nextInt(4);
        int aOff = r.nextInt(5);
        int bOff = r.nextInt(5);
        int cOff = r.nextInt(5);
        float[] a = randomFloats(aOff + m * lda, seed * 3, 1.0);
        float[] b = randomFloats(bOff + k * ldb, seed * 3 + 1, 1.0);
        float[] c = randomFloats(cOff + m * ldc, seed * 3 + 2, 1.0);
        float[] before = c.clone();
        kernels.product(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        String what = kernels.name() + " product " + m + "x" + n + "x" + k;
        double[] want = new double[m * n];
        float[] got = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                want[i * n + j] = acc;
                got[i * n + j] = c[cOff + i * ldc + j];
            }
        }
        assertClose(what, want, got, 1e-5, 1e-5 * Math.sqrt(k));
        for (int x = 0; x < c.length; x++) {
            int rel = x - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(before[x], c[x], what + ": C outside the product at " + x + " was written");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void softmaxMatchesDoubleReference(AttentionKernels kernels) {
        long seed = 100;
        for (int cols : SIZES) {
            for (double spread : new double[] {0.1, 8, 200}) {
                checkSoftmax(kernels, 5, cols, spread, false, seed++);
                checkSoftmax(kernels, 6, cols, spread, true, seed++);
            }
        }
    }

    private static void checkSoftmax(AttentionKernels kernels, int rows, int cols, double spread, boolean masked,
            long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int lds = cols + r.nextInt(3);
        int ldm = cols + r.nextInt(3);
        int sOff = r.nextInt(4);
        int mOff = r.nextInt(4);
        float[] s = randomFloats(sOff + rows * lds, seed, spread);
        float[] allowed = null;
        if (masked) {
            allowed = new float[mOff + rows * ldm];
            for (int i = 0; i < allowed.length; i++) {
                allowed[i] = r.nextInt(3) == 0 ? 0f : 1f;
            }
            for (int j = 0; j < cols; j++) {
                allowed[mOff + ldm + j] = 0f; // row 1 attends to nothing
            }
        }
        float[] in = s.clone();
        float adder = -1e9f;
        kernels.softmaxRows(rows, cols, s, sOff, lds, allowed, mOff, ldm, adder);
        double[] want = new double[rows * cols];
        float[] got = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            float[] x = new float[cols];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                x[j] = in[sOff + i * lds + j];
                if (allowed != null && allowed[mOff + i * ldm + j] == 0) {
                    x[j] += adder; // in float, as the layer's contract: a fully masked row comes out uniform
                }
                max = Math.max(max, x[j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[j] - max);
            }
            for (int j = 0; j < cols; j++) {
                want[i * cols + j] = Math.exp(x[j] - max) / sum;
                got[i * cols + j] = s[sOff + i * lds + j];
            }
        }
        assertClose(kernels.name() + " softmax " + rows + "x" + cols + " spread " + spread + " masked " + masked,
                want, got, 1e-5, 1e-7);
        if (masked && spread < 16) {
            // scores well under half an ulp of 1e9 (64) vanish in s + maskAdder
            for (int j = 0; j < cols; j++) {
                assertEquals(1.0 / cols, s[sOff + lds + j], 1e-6, "a fully masked row is uniform");
            }
        }
    }
}
