package dev.engram.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two epsilon forms on the first step, where both reduce to closed forms: in exact arithmetic the
 * TF.js step is {@code lr g / (|g| + eps)} and the Keras step is
 * {@code lr g / (|g| + eps / sqrt(1 - beta2))}. Both frameworks form {@code beta^1} in float32, so
 * the bias corrections are {@code 1 - 0.9f} and {@code 1 - 0.999f}, which the expectations use.
 */
class AdamEpsilonFormTest {

    private static float firstStep(Adam adam, float g) {
        Parameter p = new Parameter("dense", "bias", Tensor.zeros(Shape.of(1)), true);
        p.grad()[0] = g;
        adam.step(List.of(p));
        return p.data()[0];
    }

    @Test
    void formsDifferAsDerived() {
        float g = 1e-6f;
        double lr = 0.001;
        double eps = 1e-7;
        float tfjs = firstStep(Optimizers.adam(), g);
        float keras = firstStep(Optimizers.adam().withEpsilonForm(AdamEpsilon.EPSILON_HAT), g);
        double c1 = 1 - (double) 0.9f;
        double c2 = 1 - (double) 0.999f;
        double m = 0.1 * g;
        double v = 0.001 * g * g;
        double expectedTfjs = -lr * (m / c1) / (Math.sqrt(v / c2) + eps);
        double expectedKeras = -lr * Math.sqrt(c2) / c1 * m / (Math.sqrt(v) + eps);
        assertEquals(expectedTfjs, tfjs, 1e-6 * Math.abs(expectedTfjs));
        assertEquals(expectedKeras, keras, 1e-6 * Math.abs(expectedKeras));
        // Exact-arithmetic sanity check of the derivation in the class comment (to 1e-4).
        assertEquals(-lr * g / (g + eps), tfjs, 1e-4 * Math.abs(tfjs));
        assertEquals(-lr * g / (g + eps / Math.sqrt(0.001)), keras, 1e-4 * Math.abs(keras));
        // eps / sqrt(0.001) = 3.2e-6 dominates g = 1e-6 in the Keras form: the step is ~3.7x smaller.
        assertTrue(Math.abs(tfjs) > 3 * Math.abs(keras), tfjs + " vs " + keras);
    }

    @Test
    void formsAgreeWhenGradientsDwarfEpsilon() {
        float tfjs = firstStep(Optimizers.adam(), 0.5f);
        float keras = firstStep(Optimizers.adam().withEpsilonForm(AdamEpsilon.EPSILON_HAT), 0.5f);
        // -lr * sign(g), up to the float32 bias corrections (relative 7e-6) and eps / |g| = 2e-7.
        assertEquals(-0.001f, tfjs, 1e-8f);
        // Keras's effective epsilon is eps / sqrt(1 - beta2) = 3.2e-6, i.e. 6e-6 of |g| here.
        assertEquals(tfjs, keras, 1e-8f);
    }

    @Test
    void withEpsilonFormKeepsHyperParameters() {
        Adam adam = Optimizers.adam(0.01, 0.8, 0.99, 1e-5);
        adam.setLearningRate(0.02);
        Adam keras = adam.withEpsilonForm(AdamEpsilon.EPSILON_HAT);
        assertEquals(0.02, keras.learningRate());
        assertEquals(0.8, keras.beta1());
        assertEquals(0.99, keras.beta2());
        assertEquals(1e-5, keras.epsilon());
        assertEquals(AdamEpsilon.EPSILON_HAT, keras.epsilonForm());
        assertEquals(0, keras.iterations());
    }
}
