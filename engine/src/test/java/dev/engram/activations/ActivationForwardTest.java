package dev.engram.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.testing.ActivationTestCases;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward passes: float results against the double reference at 1e-6 relative, block addressing
 * with offsets, aliasing, and special values.
 */
class ActivationForwardTest {
    /** Forward must equal the reference rounded to float up to this relative error. */
    private static final double REL = 1e-6;
    /** Floor for results that are zero or nearly so, where relative error is meaningless. */
    private static final double ABS = 1e-12;
    private static final int ROWS = 3;
    private static final int COLS = 17;
    private static final float SENTINEL = -12345.5f;

    static java.util.stream.Stream<Activation> elementwise() {
        return ActivationTestCases.elementwiseActivations();
    }

    @ParameterizedTest
    @MethodSource("elementwise")
    void forwardMatchesDoubleReferenceInsideTheBlockOnly(Activation f) {
        SplittableRandom rnd = new SplittableRandom(f.name().hashCode());
        int n = ROWS * COLS;
        int xOff = 4;
        int yOff = 9;
        float[] x = new float[xOff + n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-12, 12);
        }
        float[] y = new float[yOff + n + 6];
        Arrays.fill(y, SENTINEL);
        f.forward(x, xOff, y, yOff, ROWS, COLS);
        for (int i = 0; i < y.length; i++) {
            if (i < yOff || i >= yOff + n) {
                assertEquals(SENTINEL, y[i], f.name() + " wrote outside the block at " + i);
            } else {
                assertClose(f, x[xOff + i - yOff], y[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("elementwise")
    void forwardInPlaceEqualsForwardIntoAnotherArray(Activation f) {
        float[] x = ramp(ROWS * COLS + 2);
        float[] separate = new float[x.length];
        f.forward(x, 2, separate, 2, ROWS, COLS);
        float[] inPlace = x.clone();
        f.forward(inPlace, 2, inPlace, 2, ROWS, COLS);
        assertArrayEquals(Arrays.copyOfRange(separate, 2, x.length), Arrays.copyOfRange(inPlace, 2, x.length),
                f.name());
    }

    @ParameterizedTest
    @MethodSource("elementwise")
    void backwardWithDxAliasingDyEqualsSeparateArrays(Activation f) {
        float[] x = ramp(ROWS * COLS);
        float[] y = new float[x.length];
        f.forward(x, 0, y, 0, ROWS, COLS);
        float[] dy = ramp(x.length);
        float[] dx = new float[x.length];
        f.backward(x, 0, y, 0, dy, 0, dx, 0, ROWS, COLS);
        float[] shared = dy.clone();
        f.backward(x, 0, y, 0, shared, 0, shared, 0, ROWS, COLS);
        assertArrayEquals(dx, shared, f.name());
    }

    @ParameterizedTest
    @MethodSource("elementwise")
    void specialValuesStayFiniteAndMatchTheReference(Activation f) {
        float[] x = {0f, -0f, 1e30f, -1e30f, 100f, -100f, 50f, -50f, 1e-30f, -1e-30f, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] y = new float[x.length];
        f.forward(x, 0, y, 0, 1, x.length);
        float[] dy = new float[x.length];
        Arrays.fill(dy, 1f);
        float[] dx = new float[x.length];
        f.backward(x, 0, y, 0, dy, 0, dx, 0, 1, x.length);
        for (int i = 0; i < x.length; i++) {
            assertFalse(Float.isNaN(y[i]), f.name() + " forward is NaN at " + x[i]);
            // An infinite gradient is only right where the output itself overflowed (exp at 1e30).
            assertFalse(Float.isNaN(dx[i]) || Float.isInfinite(dx[i]) && !Float.isInfinite(y[i]),
                    f.name() + " backward is " + dx[i] + " at " + x[i]);
            if (Float.isFinite((float) f.value(x[i]))) {
                assertClose(f, x[i], y[i]);
            } else if (Math.abs(x[i]) < 1e30f) {
                // A value beyond float range (exp(100)) is float infinity, as in the peers.
                assertEquals((float) f.value(x[i]), y[i], f.name() + " at " + x[i]);
            }
        }
    }

    @Test
    void saturatingFunctionsReachTheirLimits() {
        float big = 1e30f;
        assertLimits(Activations.tanh(), big, 1f, -1f);
        assertLimits(Activations.sigmoid(), big, 1f, 0f);
        assertLimits(Activations.hardSigmoid(), big, 1f, 0f);
        assertLimits(Activations.softsign(), big, 1f, -1f);
        assertLimits(Activations.relu6(), big, 6f, 0f);
        assertLimits(Activations.softplus(), big, big, 0f);
        assertLimits(Activations.swish(), big, big, 0f);
        assertLimits(Activations.gelu(), big, big, 0f);
        assertLimits(Activations.gelu(true), big, big, 0f);
        assertLimits(Activations.elu(0.5), big, big, -0.5f);
        assertLimits(Activations.selu(), big, (float) (Selu.SCALE * big), (float) (-Selu.SCALE * Selu.ALPHA));
    }

    @Test
    void valuesAtZero() {
        float[] zero = {0f};
        assertEquals(0.5f, apply(Activations.sigmoid(), zero)[0]);
        assertEquals(0.5f, apply(Activations.hardSigmoid(), zero)[0]);
        assertEquals((float) Math.log(2), apply(Activations.softplus(), zero)[0]);
        for (Activation f : new Activation[] {Activations.relu(), Activations.relu6(), Activations.elu(),
                Activations.selu(), Activations.tanh(), Activations.softsign(), Activations.swish(),
                Activations.gelu(), Activations.gelu(true), Activations.linear()}) {
            assertEquals(0f, apply(f, zero)[0], 0f, f.name());
        }
    }

    /** Values TF.js 4.x printed for gelu and gelu_new on [0, 1, 3, 9] (tensorflow/tfjs PR #8224). */
    @Test
    void geluMatchesTfjsPrintedValues() {
        float[] x = {0f, 1f, 3f, 9f};
        assertArrayEquals(new float[] {0f, 0.8413447f, 2.9959502f, 9f}, apply(Activations.gelu(), x), 1e-6f);
        assertArrayEquals(new float[] {0f, 0.841192f, 2.9963627f, 9f}, apply(Activations.gelu(true), x), 1e-6f);
    }

    @Test
    void hardSigmoidDialectsDiffer() {
        float[] x = {1f, -3f, 3f};
        assertArrayEquals(new float[] {0.7f, 0f, 1f}, apply(Activations.hardSigmoid(), x), 1e-7f);
        assertArrayEquals(new float[] {2f / 3, 0f, 1f}, apply(Activations.hardSigmoid(1.0 / 6, 0.5), x), 1e-7f);
    }

    @Test
    void softplusUsesTfjsThresholds() {
        // Beyond |x| ~ 13.94 the float result is x or exp(x), exactly as TF.js returns it.
        float[] x = {20f, -20f};
        float[] y = apply(Activations.softplus(), x);
        assertEquals(20f, y[0]);
        assertEquals((float) Math.exp(-20), y[1]);
        assertEquals(-13.942385152878742, Softplus.THRESHOLD, 1e-12);
    }

    @Test
    void softmaxRowsMatchDoubleReferenceWithOffsets() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = ROWS * COLS;
        float[] x = new float[n + 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-20, 20);
        }
        float[] y = new float[n + 10];
        Arrays.fill(y, SENTINEL);
        Activations.softmax().forward(x, 6, y, 1, ROWS, COLS);
        assertEquals(SENTINEL, y[0]);
        assertEquals(SENTINEL, y[n + 1]);
        for (int r = 0; r < ROWS; r++) {
            double[] row = new double[COLS];
            for (int j = 0; j < COLS; j++) {
                row[j] = x[6 + r * COLS + j];
            }
            double[] ref = ActivationGradientTest.softmaxReference(row);
            double sum = 0;
            for (int j = 0; j < COLS; j++) {
                float got = y[1 + r * COLS + j];
                sum += got;
                assertEquals(ref[j], got, REL * ref[j] + ABS, "row " + r + " col " + j);
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    @Test
    void softmaxInPlaceAndSpecialRows() {
        float[] x = {1000f, 1000f, -1000f, 1e30f, 0f, -1e30f, 0f, 0f, 0f};
        Activations.softmax().forward(x, 0, x, 0, 3, 3);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 1f, 0f, 0f, 1f / 3, 1f / 3, 1f / 3}, x, 1e-7f);
        float[] single = {42f};
        Activations.softmax().forward(single, 0, single, 0, 1, 1);
        assertEquals(1f, single[0]);
    }

    @Test
    void softmaxBackwardAllowsDxAliasingDy() {
        float[] x = ramp(ROWS * COLS);
        float[] y = new float[x.length];
        Activation f = Activations.softmax();
        f.forward(x, 0, y, 0, ROWS, COLS);
        float[] dy = ramp(x.length);
        float[] dx = new float[x.length];
        f.backward(x, 0, y, 0, dy, 0, dx, 0, ROWS, COLS);
        f.backward(x, 0, y, 0, dy, 0, dy, 0, ROWS, COLS);
        assertArrayEquals(dx, dy);
    }

    @Test
    void derivativesAtKinksFollowTfjs() {
        float[] x = {0f, 6f, -2.5f, 2.5f, 3f};
        float[] ones = {1f, 1f, 1f, 1f, 1f};
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f, 1f}, grad(Activations.relu(), x, ones));
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 1f}, grad(Activations.relu6(), x, ones));
        // hard sigmoid: slope on the closed linear region [-2.5, 2.5], as TF.js's clipByValue gradient.
        assertArrayEquals(new float[] {0.2f, 0f, 0.2f, 0.2f, 0f}, grad(Activations.hardSigmoid(), x, ones));
        assertEquals(1f, grad(Activations.elu(0.5), x, ones)[0]);
        assertEquals((float) (Selu.SCALE * Selu.ALPHA), grad(Activations.selu(), x, ones)[0], 1e-6f);
    }

    private static float[] grad(Activation f, float[] x, float[] dy) {
        float[] y = apply(f, x);
        float[] dx = new float[x.length];
        f.backward(x, 0, y, 0, dy, 0, dx, 0, 1, x.length);
        return dx;
    }

    private static void assertLimits(Activation f, float big, float atPlus, float atMinus) {
        float[] y = apply(f, new float[] {big, -big});
        assertEquals(atPlus, y[0], Math.abs(atPlus) * 1e-6f, f.name() + " at +" + big);
        assertEquals(atMinus, y[1], Math.abs(atMinus) * 1e-6f, f.name() + " at -" + big);
    }

    private static float[] apply(Activation f, float[] x) {
        float[] y = new float[x.length];
        f.forward(x, 0, y, 0, 1, x.length);
        return y;
    }

    private static void assertClose(Activation f, float x, float got) {
        double ref = f.value(x);
        // Hard sigmoid runs in float arithmetic (float slope, a float multiply and add, as TF.js's
        // float32 ops do); where slope * x nearly cancels the offset that costs up to about one
        // float ulp of 1 in absolute terms, however small the result.
        double abs = f instanceof HardSigmoid ? 1.2e-7 : ABS;
        assertTrue(Math.abs(got - ref) <= REL * Math.abs(ref) + abs,
                () -> f.name() + "(" + x + "): forward " + got + ", reference " + ref);
    }

    /** Deterministic, asymmetric values in about [-7, 8]. */
    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (7.5 * Math.sin(0.37 * i + 0.1) + 0.5);
        }
        return a;
    }
}
