package dev.engram.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Small numeric helpers for tests: closeness checks and central-difference gradients in double. */
public final class Numeric {
    private Numeric() {
    }

    /** Deterministic, asymmetric values in [-scale, scale]. */
    public static float[] randomFloats(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /** Widens a float array. */
    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Asserts {@code |got - exp| <= atol + rtol * |exp|} element-wise, naming the first failure. */
    public static void assertClose(String what, double[] expected, float[] got, double rtol, double atol) {
        if (expected.length != got.length) {
            fail(what + ": expected " + expected.length + " values, got " + got.length);
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(got[i] - expected[i]);
            double bound = atol + rtol * Math.abs(expected[i]);
            if (!(err <= bound)) {
                fail(what + ": element " + i + " expected " + expected[i] + " got " + got[i] + " (error " + err
                        + " > bound " + bound + ")");
            }
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
    }

    /** Float overload of {@link #assertClose(String, double[], float[], double, double)}. */
    public static void assertClose(String what, float[] expected, float[] got, double rtol, double atol) {
        assertClose(what, toDouble(expected), got, rtol, atol);
    }

    /**
     * Central differences of {@code f} with respect to each element of {@code at} (modified in place
     * and restored), step {@code h}.
     */
    public static double[] numericGradient(double[] at, double h, ToDoubleFunction<double[]> f) {
        double[] g = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            double keep = at[i];
            at[i] = keep + h;
            double up = f.applyAsDouble(at);
            at[i] = keep - h;
            double down = f.applyAsDouble(at);
            at[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /** {@code sum(a[i] * b[i])}. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code [B, T, ...]} doubles with the time axis reversed. */
    public static double[] reverseTime(double[] v, int batch, int steps) {
        int block = v.length / (batch * steps);
        double[] out = new double[v.length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                System.arraycopy(v, (b * steps + s) * block, out, (b * steps + steps - 1 - s) * block, block);
            }
        }
        return out;
    }
}
