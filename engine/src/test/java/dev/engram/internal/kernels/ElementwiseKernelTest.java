package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Element-wise kernels of both paths on lengths 0..70 and 1000 (vector bodies plus every tail
 * length), with offsets, against double-precision references; slots outside the range must not change.
 */
class ElementwiseKernelTest {
    private static final float GUARD = 777f;

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels());
    }

    private static int[] lengths() {
        return IntStream.concat(IntStream.rangeClosed(0, 70), IntStream.of(1000)).toArray();
    }

    /** {@code off + n} values in [-scale, scale) after {@code off} guard slots, plus guards at the end. */
    private static float[] data(Random random, int off, int n, float scale) {
        float[] x = new float[off + n + 3];
        Arrays.fill(x, GUARD);
        for (int i = 0; i < n; i++) {
            x[off + i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    private static void assertGuards(float[] y, int off, int n, String what) {
        for (int i = 0; i < y.length; i++) {
            if (i < off || i >= off + n) {
                assertEquals(GUARD, y[i], what + ": wrote outside the range at " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void unaryFunctionsMatchDoubleReference(Kernels kernels) {
        Random random = new Random(3);
        for (int n : lengths()) {
            checkUnary(kernels, "tanh", n, random, 12f, Math::tanh, 2, 0, kernels::tanh);
            checkUnary(kernels, "sigmoid", n, random, 30f, x -> 1 / (1 + Math.exp(-x)), 3, 0, kernels::sigmoid);
            checkUnary(kernels, "exp", n, random, 80f, Math::exp, 2, 0, kernels::exp);
            checkUnary(kernels, "relu", n, random, 5f, x -> Math.max(0, x), 0, 0, kernels::relu);
            // slope * x + offset cancels near the clip at 0: an absolute tolerance of float rounding.
            checkUnary(kernels, "hardSigmoid", n, random, 5f, x -> Math.max(0, Math.min(1, 0.2 * x + 0.5)), 1,
                    1e-7, (len, x, xo, y, yo) -> kernels.hardSigmoid(len, 0.2f, 0.5f, x, xo, y, yo));
        }
    }

    /**
     * {@code y = f(x)} into a separate array, then in place; each within {@code ulps} of the
     * reference, or within {@code absTol} when that is positive.
     */
    private static void checkUnary(Kernels kernels, String name, int n, Random random, float scale,
            DoubleUnaryOperator reference, int ulps, double absTol, UnaryKernel op) {
        float[] x = data(random, 3, n, scale);
        float[] y = data(random, 5, n, 1f);
        float[] inPlace = x.clone();
        op.apply(n, x, 3, y, 5);
        op.apply(n, inPlace, 3, inPlace, 3);
        String what = kernels.name() + " " + name + " n=" + n;
        assertGuards(y, 5, n, what);
        assertGuards(inPlace, 3, n, what + " in place");
        for (int i = 0; i < n; i++) {
            double expected = reference.applyAsDouble(x[3 + i]);
            if (absTol > 0) {
                assertEquals(expected, y[5 + i], absTol, what + " x=" + x[3 + i]);
            } else {
                assertWithinUlps(expected, y[5 + i], ulps, what + " x=" + x[3 + i]);
            }
            assertEquals(y[5 + i], inPlace[3 + i], what + " in place x=" + x[3 + i]);
        }
    }

    static void assertWithinUlps(double expected, float got, int ulps, String what) {
        float rounded = (float) expected;
        if (Float.isNaN(rounded)) {
            assertTrue(Float.isNaN(got), what + ": expected NaN, got " + got);
            return;
        }
        if (Float.isInfinite(rounded) || rounded == 0f) {
            // Exact specials; a denormal-sized difference near 0 is also accepted.
            assertTrue(got == rounded || Math.abs(got - expected) <= 1e-38,
                    what + ": expected " + rounded + ", got " + got);
            return;
        }
        double tol = Math.max(ulps, 0.5) * Math.ulp(rounded) + 1e-38;
        assertEquals(expected, got, tol, what);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void axpyMulDot(Kernels kernels) {
        Random random = new Random(4);
        for (int n : lengths()) {
            String what = kernels.name() + " n=" + n;
            float[] x = data(random, 2, n, 3f);
            float[] y = data(random, 7, n, 3f);
            float[] y0 = y.clone();
            kernels.axpy(n, -1.75f, x, 2, y, 7);
            assertGuards(y, 7, n, "axpy " + what);
            for (int i = 0; i < n; i++) {
                double expected = y0[7 + i] + -1.75 * x[2 + i];
                assertEquals(expected, y[7 + i], 1e-6 * (Math.abs(y0[7 + i]) + 1.75 * Math.abs(x[2 + i])) + 1e-30,
                        "axpy " + what);
            }

            float[] z = data(random, 4, n, 1f);
            kernels.mul(n, x, 2, y0, 7, z, 4);
            assertGuards(z, 4, n, "mul " + what);
            for (int i = 0; i < n; i++) {
                assertEquals(x[2 + i] * y0[7 + i], z[4 + i], "mul " + what);
            }

            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) x[2 + i] * y0[7 + i];
                magnitude += Math.abs((double) x[2 + i] * y0[7 + i]);
            }
            assertEquals(exact, kernels.dot(n, x, 2, y0, 7), 1e-6 * magnitude + 1e-30, "dot " + what);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void addColumnSumsWithLeadingDimension(Kernels kernels) {
        Random random = new Random(5);
        for (int cols : new int[] {0, 1, 15, 16, 17, 33, 70, 1000}) {
            for (int rows : new int[] {0, 1, 3, 9}) {
                int lda = cols + 3;
                float[] a = data(random, 6, rows * lda, 2f);
                float[] out = data(random, 2, cols, 1f);
                float[] out0 = out.clone();
                kernels.addColumnSums(a, 6, rows, cols, lda, out, 2);
                String what = kernels.name() + " addColumnSums rows=" + rows + " cols=" + cols;
                assertGuards(out, 2, cols, what);
                for (int j = 0; j < cols; j++) {
                    double exact = out0[2 + j];
                    double magnitude = Math.abs(exact);
                    for (int r = 0; r < rows; r++) {
                        exact += a[6 + r * lda + j];
                        magnitude += Math.abs(a[6 + r * lda + j]);
                    }
                    assertEquals(exact, out[2 + j], 1e-6 * magnitude + 1e-30, what);
                }
            }
        }
    }

    /** The signature shared by the unary kernels. */
    @FunctionalInterface
    interface UnaryKernel {
        void apply(int n, float[] x, int xOff, float[] y, int yOff);
    }
}
