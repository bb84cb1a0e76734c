package dev.engram.optimizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * A small parameter with deterministic, asymmetric gradients per step, and the comparison used by
 * the optimizer tests: {@code |float - double| <= 1e-6 * max(|double|, 1)}.
 */
final class OptimizerFixture {
    static final float[] W0 = {0.5f, -0.3f, 0.8f, -1.2f, 0.05f, 0f};
    static final double TOLERANCE = 1e-6;

    private OptimizerFixture() {
    }

    static Parameter parameter(String layer) {
        return new Parameter(layer, "kernel", Tensor.of(Shape.of(2, 3), W0), true);
    }

    /**
     * Gradient of element {@code i} at step {@code t} (from 1): magnitude in [0.2, 1] (every other
     * element scaled by 0.05), sign varying with i and t; never close to 0.
     */
    static float gradient(long t, int i) {
        double s = Math.sin(1.3 * i + 0.7 * t);
        double magnitude = (0.2 + 0.8 * Math.abs(s)) * (i % 2 == 0 ? 1 : 0.05);
        return (float) (s >= 0 ? magnitude : -magnitude);
    }

    /** Sets the gradients for step {@code t} and takes one optimizer step. */
    static void step(Optimizer optimizer, Parameter p, long t) {
        float[] g = p.grad();
        for (int i = 0; i < g.length; i++) {
            g[i] = gradient(t, i);
        }
        optimizer.step(List.of(p));
    }

    /** A double-precision update rule with its own state. */
    interface Reference {
        void step(double[] w, double[] g, int t);
    }

    /** Runs {@code steps} steps on the optimizer and the reference and compares after each. */
    static void compare(Optimizer optimizer, Reference reference, int steps) {
        Parameter p = parameter("dense");
        double[] w = new double[W0.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = W0[i];
        }
        for (int t = 1; t <= steps; t++) {
            step(optimizer, p, t);
            double[] g = new double[w.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = gradient(t, i);
            }
            reference.step(w, g, t);
            assertClose(w, p.data(), optimizer + " step " + t);
        }
        double moved = 0;
        for (int i = 0; i < w.length; i++) {
            moved = Math.max(moved, Math.abs(w[i] - W0[i]));
        }
        assertTrue(moved > 1e-3, "the test must move the weights well beyond the tolerance, moved " + moved);
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= TOLERANCE * Math.max(Math.abs(expected[i]), 1),
                    what + ": element " + i + " is " + actual[i] + ", reference " + expected[i]);
        }
    }
}
