package dev.engram.internal.kernels;

import static dev.engram.internal.kernels.ElementwiseKernelTest.assertWithinUlps;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tanh, sigmoid and exp of both paths over a dense sweep of [-200, 200] (every magnitude from 1e-30
 * up) and the special values: ±0, ±inf, NaN, ±Float.MAX_VALUE, the overflow and underflow edges of
 * exp and the branch point of the tanh polynomial.
 */
class TranscendentalAccuracyTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 88.72283f, 88.72284f, 88.7229f, 89f, -87.33654f,
        -87.4f, -100f, 100f, -103.97208f, -103.98f, -104f, -105f, -150f, 0.625f, -0.625f,
        Math.nextDown(0.625f), Math.nextUp(-0.625f), 9f, -9f, 10f, 44.5f, -44.5f, 1e30f, -1e30f,
        0.5f, -0.5f, 1f, -1f, 20f, -20f};

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels());
    }

    /** Specials padded to a few vector lengths, then a log-spaced sweep of both signs. */
    private static float[] inputs() {
        int sweep = 400_000;
        float[] x = new float[SPECIAL.length * 4 + 2 * sweep];
        int i = 0;
        for (int rep = 0; rep < 4; rep++) {
            // Each special lands in different lanes (and in the scalar tail) across repetitions.
            for (int s = 0; s < SPECIAL.length; s++) {
                x[i++] = SPECIAL[(s + rep * 7) % SPECIAL.length];
            }
        }
        double logLo = Math.log(1e-30);
        double logHi = Math.log(200);
        for (int s = 0; s < sweep; s++) {
            float v = (float) Math.exp(logLo + (logHi - logLo) * s / (sweep - 1));
            x[i++] = v;
            x[i++] = -v;
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void tanhWithinTwoUlps(Kernels kernels) {
        check(kernels, "tanh", Math::tanh, 2, kernels::tanh);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sigmoidWithinThreeUlpsAndSaturates(Kernels kernels) {
        check(kernels, "sigmoid", x -> 1 / (1 + Math.exp(-x)), 3, kernels::sigmoid);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void expWithinTwoUlps(Kernels kernels) {
        check(kernels, "exp", Math::exp, 2, kernels::exp);
    }

    private static void check(Kernels kernels, String name, DoubleUnaryOperator reference, int ulps,
            ElementwiseKernelTest.UnaryKernel op) {
        float[] x = inputs();
        float[] y = new float[x.length];
        op.apply(x.length, x, 0, y, 0);
        for (int i = 0; i < x.length; i++) {
            double expected = reference.applyAsDouble(x[i]);
            // Denormal results carry fewer significant bits; accept an absolute error of a few of them.
            if (Math.abs(expected) < Float.MIN_NORMAL) {
                assertWithinUlps(expected, y[i], ulps, kernels.name() + " " + name + "(" + x[i] + ") denormal");
                continue;
            }
            assertWithinUlps(expected, y[i], ulps, kernels.name() + " " + name + "(" + x[i] + ")");
        }
    }
}
