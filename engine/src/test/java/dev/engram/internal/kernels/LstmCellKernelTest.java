package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Kernels#lstmCell} of both paths against the cell computed in double: random unit counts
 * (multiples of the vector length and not), unit ranges, offsets, gates written over z or apart,
 * logistic and hard gates; and the accuracy of the vector path's rational gate functions over a
 * dense sweep of both signs plus the special values.
 */
class LstmCellKernelTest {
    private static final SigmoidGate[] GATES = {SigmoidGate.LOGISTIC, SigmoidGate.hard(0.2f, 0.5f),
        SigmoidGate.hard(1f / 6f, 0.5f)};

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels());
    }

    private static double gate(SigmoidGate gate, float x) {
        return gate.hard() ? Math.max(0f, Math.min(1f, gate.slope() * x + gate.offset())) : 1 / (1 + Math.exp(-x));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void matchesTheCellInDoubleOnRandomShapes(Kernels k) {
        Random rnd = new Random(13);
        int[] units = {1, 3, 8, 15, 16, 17, 31, 33, 64, 100};
        for (int trial = 0; trial < 200; trial++) {
            SigmoidGate gate = GATES[trial % GATES.length];
            int u = units[rnd.nextInt(units.length)];
            int j0 = rnd.nextInt(u);
            int j1 = j0 + 1 + rnd.nextInt(u - j0);
            int zOff = rnd.nextInt(5);
            int sOff = rnd.nextInt(5);
            boolean inPlace = rnd.nextBoolean();
            float[] z = new float[zOff + 4 * u];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (rnd.nextGaussian() * 4);
            }
            float[] c = new float[sOff + u];
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) (rnd.nextGaussian() * 2);
            }
            float[] gates = inPlace ? z.clone() : new float[z.length];
            float[] ac = new float[sOff + 1 + u];
            float[] h = new float[sOff + 2 + u];
            java.util.Arrays.fill(ac, 7f);
            java.util.Arrays.fill(h, 7f);
            float[] zIn = z.clone();
            float[] cIn = c.clone();
            float[] gatesIn = gates.clone();
            k.lstmCell(gate, u, j0, j1, inPlace ? gates : z, zOff, gates, c, sOff, ac, sOff + 1, h, sOff + 2);
            String where = k.name() + " " + gate + " u=" + u + " units " + j0 + ".." + j1;
            for (int j = 0; j < u; j++) {
                boolean in = j >= j0 && j < j1;
                if (!in) {
                    assertEquals(cIn[sOff + j], c[sOff + j], where + ": c of unit " + j + " outside the range");
                    assertEquals(7f, h[sOff + 2 + j], where + ": h of unit " + j + " outside the range");
                    assertEquals(7f, ac[sOff + 1 + j], where + ": tanh(c) of unit " + j + " outside the range");
                    for (int q = 0; q < 4; q++) {
                        assertEquals(gatesIn[zOff + q * u + j], gates[zOff + q * u + j], where + ": gate outside");
                    }
                    continue;
                }
                double i = gate(gate, zIn[zOff + j]);
                double f = gate(gate, zIn[zOff + u + j]);
                double g = Math.tanh(zIn[zOff + 2 * u + j]);
                double o = gate(gate, zIn[zOff + 3 * u + j]);
                double cn = f * cIn[sOff + j] + i * g;
                double a = Math.tanh(cn);
                close(i, gates[zOff + j], where + " i");
                close(f, gates[zOff + u + j], where + " f");
                close(g, gates[zOff + 2 * u + j], where + " g");
                close(o, gates[zOff + 3 * u + j], where + " o");
                close(cn, c[sOff + j], where + " c");
                close(a, ac[sOff + 1 + j], where + " tanh(c)");
                close(o * a, h[sOff + 2 + j], where + " h");
            }
        }
    }

    private static void close(double expected, float got, String what) {
        double tol = 1e-6 * Math.abs(expected) + 1e-6;
        assertTrue(Math.abs(got - expected) <= tol, what + ": expected " + expected + ", got " + got);
    }

    /**
     * The vector path's gate functions: sigmoid within 1.5e-7 absolute everywhere and 3 ulps for
     * x >= 0, tanh within 5 ulps; saturation, NaN and signed zeros. The same values feed every
     * block, so each function sees the whole sweep in vector lanes and in the scalar tail.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void gateFunctionsStayWithinTheirBounds(Kernels k) {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE, 1e-30f, -1e-30f, 8.99f, 9f, 9.01f, 17.99f, 18f, 18.5f, -18f, 30f,
            -30f, -100f, -104f, 200f};
        int sweep = 100_000;
        int n = special.length + 2 * sweep + 5; // not a multiple of the vector length: a scalar tail too
        float[] x = new float[n];
        System.arraycopy(special, 0, x, 0, special.length);
        double logLo = Math.log(1e-30);
        double logHi = Math.log(120);
        for (int s = 0; s < sweep; s++) {
            float v = (float) Math.exp(logLo + (logHi - logLo) * s / (sweep - 1));
            x[special.length + 2 * s] = v;
            x[special.length + 2 * s + 1] = -v;
        }
        for (int s = special.length + 2 * sweep; s < n; s++) {
            x[s] = s % 2 == 0 ? 0.3f : -7f;
        }
        float[] z = new float[4 * n];
        for (int q = 0; q < 4; q++) {
            System.arraycopy(x, 0, z, q * n, n);
        }
        float[] c = new float[n];
        float[] ac = new float[n];
        float[] h = new float[n];
        k.lstmCell(SigmoidGate.LOGISTIC, n, 0, n, z, 0, z, c, 0, ac, 0, h, 0);
        for (int j = 0; j < n; j++) {
            float xi = x[j];
            float sig = z[j];
            float th = z[2 * n + j];
            if (Float.isNaN(xi)) {
                assertTrue(Float.isNaN(sig) && Float.isNaN(th) && Float.isNaN(h[j]), k.name() + ": NaN propagates");
                continue;
            }
            double es = 1 / (1 + Math.exp(-(double) xi));
            double et = Math.tanh(xi);
            assertTrue(Math.abs(sig - es) <= 1.5e-7, k.name() + ": sigmoid(" + xi + ") = " + sig + ", exact " + es);
            if (xi >= 0) {
                assertTrue(Math.abs(sig - es) <= 3 * Math.ulp((float) es), k.name() + ": sigmoid(" + xi + ") ulps");
            }
            assertTrue(sig >= 0f && sig <= 1f, k.name() + ": sigmoid(" + xi + ") in [0, 1]");
            assertTrue(Math.abs(th - et) <= 5 * Math.ulp((float) et), k.name() + ": tanh(" + xi + ") = " + th
                    + ", exact " + et);
            assertTrue(Math.abs(th) <= 1f, k.name() + ": |tanh(" + xi + ")| <= 1");
            double ea = Math.tanh(c[j]);
            assertTrue(Math.abs(ac[j] - ea) <= 5 * Math.ulp((float) ea), k.name() + ": tanh(c) of unit " + j);
        }
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(z[2 * n + 1]), k.name() + ": tanh(-0) = -0");
    }
}
