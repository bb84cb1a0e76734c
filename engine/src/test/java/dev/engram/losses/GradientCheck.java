package dev.engram.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Tensor;

/**
 * Compares a loss's float32 value and gradient with a double-precision reference: the value to a
 * relative 1e-5, each gradient element to central differences of the reference with a relative
 * error of at most {@value #GRADIENT_TOLERANCE} ({@code |a - b| / max(|a|, |b|, 1e-6)}).
 */
final class GradientCheck {
    static final double GRADIENT_TOLERANCE = 1e-4;
    static final double VALUE_TOLERANCE = 1e-5;

    private GradientCheck() {
    }

    static void check(Loss loss, Tensor yTrue, Tensor yPred, DoubleReferences.Fn reference, double h) {
        double[] t = toDouble(yTrue.toArray());
        double[] p = toDouble(yPred.toArray());
        LossResult result = loss.evaluate(yTrue, yPred, true);
        double expected = reference.apply(t, p);
        assertEquals(expected, result.value(), VALUE_TOLERANCE * Math.max(1, Math.abs(expected)),
                loss.name() + " value");
        assertEquals(yPred.shape(), result.gradient().shape(), loss.name() + " gradient shape");
        float[] g = result.gradient().toArray();
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double up = reference.apply(t, p);
            p[i] = saved - h;
            double down = reference.apply(t, p);
            p[i] = saved;
            double numeric = (up - down) / (2 * h);
            double err = Math.abs(g[i] - numeric) / Math.max(Math.max(Math.abs(g[i]), Math.abs(numeric)), 1e-6);
            assertTrue(err <= GRADIENT_TOLERANCE, loss.name() + " gradient[" + i + "]: analytic " + g[i]
                    + " vs numeric " + numeric + " (relative error " + err + ")");
        }
        LossResult noGrad = loss.evaluate(yTrue, yPred, false);
        assertEquals(result.value(), noGrad.value(), 0f, "value must not depend on withGradient");
        assertEquals(null, noGrad.gradient());
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Deterministic, asymmetric values in {@code [lo, hi]}. */
    static float[] ramp(int n, double lo, double hi, double phase) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * (0.5 + 0.5 * Math.sin(1.7 * i + phase)));
        }
        return a;
    }
}
