package dev.engram.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Each constraint's projection against a double implementation of the Keras/TF.js formula. */
class ConstraintTest {
    // [3, 4]: a Dense kernel with 3 inputs and 4 units; column norms differ (some above 1, some below).
    private static final Shape SHAPE = Shape.of(3, 4);
    private static final float[] W = {
        1.5f, -0.2f, 0.05f, 2.0f,
        -0.8f, 0.1f, -0.02f, 1.0f,
        0.6f, 0.3f, 0.01f, -3.0f,
    };

    /** w * desired(norm) / (1e-7 + norm) with norms along axis 0 (per column) or 1 (per row). */
    private static double[] reference(int axis, DoubleUnaryOperator desired) {
        double[] out = new double[W.length];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double s = 0;
                for (int k = 0; k < (axis == 0 ? 3 : 4); k++) {
                    double v = axis == 0 ? W[k * 4 + c] : W[r * 4 + k];
                    s += v * v;
                }
                double norm = Math.sqrt(s);
                out[r * 4 + c] = W[r * 4 + c] * desired.applyAsDouble(norm) / (1e-7 + norm);
            }
        }
        return out;
    }

    private static float[] applied(Constraint c, Shape shape) {
        float[] w = W.clone();
        c.apply(w, shape);
        return w;
    }

    @Test
    void maxNormPerColumnAndPerRow() {
        Numeric.assertClose("maxNorm axis 0", reference(0, n -> Math.min(n, 1.2)), applied(Constraints.maxNorm(1.2), SHAPE),
                1e-6, 1e-7);
        Numeric.assertClose("maxNorm axis 1", reference(1, n -> Math.min(n, 1.2)),
                applied(Constraints.maxNorm(1.2, 1), SHAPE), 1e-6, 1e-7);
        Numeric.assertClose("maxNorm axis -1", reference(1, n -> Math.min(n, 1.2)),
                applied(Constraints.maxNorm(1.2, -1), SHAPE), 1e-6, 1e-7);
        // Columns under the bound are kept (up to the 1e-7 epsilon).
        float[] w = applied(Constraints.maxNorm(100), SHAPE);
        Numeric.assertClose("maxNorm inactive (eps 1e-7 over a norm of 0.054)", W, w, 3e-6, 0);
    }

    @Test
    void unitNormAndMinMaxNorm() {
        Numeric.assertClose("unitNorm", reference(0, n -> 1), applied(Constraints.unitNorm(), SHAPE), 1e-6, 1e-7);
        Numeric.assertClose("minMaxNorm", reference(0, n -> 0.7 * Math.max(0.5, Math.min(1.5, n)) + 0.3 * n),
                applied(Constraints.minMaxNorm(0.5, 1.5, 0.7, 0), SHAPE), 1e-6, 1e-7);
    }

    @Test
    void nonNegAndVectors() {
        float[] w = applied(Constraints.nonNeg(), SHAPE);
        for (int i = 0; i < W.length; i++) {
            assertEquals(Math.max(W[i], 0f), w[i]);
        }
        // A bias [4] with axis 0 is one vector: its whole norm is capped.
        float[] bias = {3, 0, 4, 0};
        Constraints.maxNorm(1).apply(bias, Shape.of(4));
        assertArrayEquals(new float[] {0.6f, 0, 0.8f, 0}, bias, 1e-6f);
    }

    @Test
    void axisOutOfRangeNamesTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Constraints.maxNorm(1, 2).apply(W.clone(), SHAPE));
        assertEquals("MaxNorm: axis 2 is out of range for a parameter of shape " + SHAPE, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Constraints.maxNorm(0));
    }

    @Test
    void parameterConstrainAppliesOnlyWhenTrainable() {
        Parameter p = new Parameter("d", "kernel", Tensor.of(SHAPE, W), true);
        p.setConstraint(Constraints.nonNeg());
        p.setTrainable(false);
        p.constrain();
        assertArrayEquals(W, p.data());
        p.setTrainable(true);
        p.constrain();
        assertEquals(0f, p.data()[1]);
    }
}
