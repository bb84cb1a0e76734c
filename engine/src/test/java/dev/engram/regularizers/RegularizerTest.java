package dev.engram.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import org.junit.jupiter.api.Test;

/**
 * L1/L2 penalties against the Keras/TF.js formula written in double, and their gradients against
 * central differences of that double formula.
 */
class RegularizerTest {
    private static final float[] W = {0.5f, -1.25f, 0.03f, -0.2f, 2f, -0.7f};

    private static double reference(double l1, double l2, double[] w) {
        double s = 0;
        for (double v : w) {
            s += l1 * Math.abs(v) + l2 * v * v;
        }
        return s;
    }

    @Test
    void penaltiesMatchTheFormula() {
        double[] w = Numeric.toDouble(W);
        for (L1L2 r : new L1L2[] {Regularizers.l1(0.03), Regularizers.l2(0.05), Regularizers.l1l2(0.01, 0.2)}) {
            assertEquals(reference(r.l1(), r.l2(), w), r.penalty(W), 1e-12, r.toString());
        }
        assertEquals(0.01 * 4.68 + 0.01 * (0.25 + 1.5625 + 0.0009 + 0.04 + 4 + 0.49), Regularizers.l1l2().penalty(W), 1e-7);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        double[] w = Numeric.toDouble(W);
        for (L1L2 r : new L1L2[] {Regularizers.l1(0.03), Regularizers.l2(0.05), Regularizers.l1l2(0.01, 0.2)}) {
            double[] numeric = Numeric.numericGradient(w, 1e-6, x -> reference(r.l1(), r.l2(), x));
            float[] grad = new float[W.length];
            grad[0] = 1f; // addGradient accumulates into what is there
            r.addGradient(W, grad);
            grad[0] -= 1f;
            Numeric.assertClose(r + " gradient", numeric, grad, 1e-5, 1e-7);
        }
        float[] atZero = new float[1];
        Regularizers.l1(0.5).addGradient(new float[] {0f}, atZero);
        assertEquals(0f, atZero[0], "sign(0) = 0, TensorFlow's subgradient of |w|");
    }

    @Test
    void parameterRegularizeAddsGradientOnlyWhenTrainable() {
        Parameter p = new Parameter("d", "kernel", Tensor.of(Shape.of(2, 3), W), true);
        assertEquals(0, p.regularize());
        p.setRegularizer(Regularizers.l2(0.1));
        assertEquals(Regularizers.l2(0.1).penalty(W), p.regularize(), 0);
        for (int i = 0; i < W.length; i++) {
            assertEquals(0.2f * W[i], p.grad()[i], 1e-7f);
        }
        p.setTrainable(false);
        p.zeroGrad();
        assertEquals(0, p.regularize());
        assertEquals(0f, p.grad()[0]);
    }

    @Test
    void rejectsNegativeFactors() {
        assertEquals("L1L2 regularizer: l2 must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(-1)).getMessage());
    }
}
