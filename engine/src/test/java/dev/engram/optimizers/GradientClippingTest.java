package dev.engram.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** clipNorm, globalClipNorm and clipValue against hand-computed Keras results, with plain SGD (lr 1). */
class GradientClippingTest {

    private static Parameter param(String name, float[] grad) {
        Parameter p = new Parameter("d", name, Tensor.of(new float[grad.length]), true);
        System.arraycopy(grad, 0, p.grad(), 0, grad.length);
        return p;
    }

    /** The update of SGD with lr 1 is -g, so the new value is minus the clipped gradient. */
    private static float[] clipped(Parameter p) {
        float[] v = p.data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return v;
    }

    @Test
    void clipNormCapsEachParameterSeparately() {
        Parameter big = param("a", new float[] {3, 4});          // norm 5
        Parameter small = param("b", new float[] {0.3f, 0.4f});  // norm 0.5
        Parameter zero = param("c", new float[] {0, 0});
        Optimizers.sgd(1).setClipNorm(1).step(List.of(big, small, zero));
        assertArrayEquals(new float[] {0.6f, 0.8f}, clipped(big), 1e-7f);
        assertArrayEquals(new float[] {0.3f, 0.4f}, clipped(small), 1e-7f);
        assertArrayEquals(new float[] {0, 0}, clipped(zero), 0f);
    }

    @Test
    void globalClipNormScalesAllTogether() {
        Parameter a = param("a", new float[] {3, 0});
        Parameter b = param("b", new float[] {0, 4});  // global norm 5
        Parameter frozen = param("f", new float[] {100});
        frozen.setTrainable(false);
        Optimizers.sgd(1).setGlobalClipNorm(2.5).step(List.of(a, b, frozen));
        assertArrayEquals(new float[] {1.5f, 0}, clipped(a), 1e-7f);
        assertArrayEquals(new float[] {0, 2f}, clipped(b), 1e-7f);
        assertArrayEquals(new float[] {0}, frozen.data(), 0f);
        Parameter c = param("c", new float[] {0.1f, 0.2f});
        Optimizers.sgd(1).setGlobalClipNorm(2.5).step(List.of(c));
        assertArrayEquals(new float[] {0.1f, 0.2f}, clipped(c), 0f);
    }

    @Test
    void clipValueClipsElements() {
        Parameter a = param("a", new float[] {-3, 0.2f, 0.7f, -0.1f});
        Optimizers.sgd(1).setClipValue(0.5).step(List.of(a));
        assertArrayEquals(new float[] {-0.5f, 0.2f, 0.5f, -0.1f}, clipped(a), 0f);
    }

    @Test
    void onlyOneKindAndPositiveThresholds() {
        Optimizer o = Optimizers.adam().setClipNorm(1);
        o.setClipNorm(2);
        assertEquals(new GradientClipping(GradientClipping.Kind.NORM, 2), o.clipping());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.setClipValue(1));
        assertEquals("optimizer 'adam' already clips gradients by NORM (2.0); only one of clipNorm, globalClipNorm and "
                + "clipValue can be set, as in Keras", e.getMessage());
        assertEquals("gradient clipping VALUE: threshold must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().setClipValue(0)).getMessage());
        assertEquals(GradientClipping.NONE, Optimizers.sgd().clipping());
    }

    @Test
    void clippingHappensBeforeTheOptimizerRule() {
        // Adagrad's step depends non-linearly on g: clip to norm 1 first, then acc = 0.1 + g^2.
        Parameter p = param("a", new float[] {6, 8});
        Optimizers.adagrad(0.1).setClipNorm(1).step(List.of(p));
        double[] g = {0.6, 0.8};
        for (int i = 0; i < 2; i++) {
            assertEquals(-0.1 * g[i] / Math.sqrt(0.1 + g[i] * g[i] + 1e-7), p.data()[i], 1e-7);
        }
    }
}
