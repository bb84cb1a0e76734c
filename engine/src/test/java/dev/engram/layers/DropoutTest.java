package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.Numeric;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dropout: identity at inference; in training it keeps about (1 - rate) of the elements scaled by
 * 1 / (1 - rate), and its backward pass applies the same mask (the exact Jacobian of the sampled
 * function, so it is checked element by element rather than by finite differences of a random map).
 */
class DropoutTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.dropout(0.3).inputShape(3, 4), Shape.of(3, 4));
    }

    private static Layer built(double rate) {
        Layer l = Layers.dropout(rate).create("dropout");
        l.build(Shape.of(1000), new SplittableRandom(1));
        return l;
    }

    @Test
    void inferenceIsTheIdentity() {
        Tensor x = Tensor.wrap(Shape.of(2, 1000), Numeric.randomFloats(2000, 3, 1));
        assertSame(x, built(0.5).call(x));
    }

    @Test
    void trainingMasksAndRescalesAndBackwardUsesTheSameMask() {
        Tensor x = Tensor.wrap(Shape.of(4, 1000), Numeric.randomFloats(4000, 3, 1));
        ForwardPass pass = built(0.25).forward(x, new TrainingContext(new SplittableRandom(2)));
        float[] y = pass.output().buffer();
        Tensor dy = Tensor.wrap(x.shape(), Numeric.randomFloats(4000, 4, 1));
        float[] dx = pass.backward(dy).buffer();
        int kept = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0) {
                kept++;
                assertEquals(x.buffer()[i] / 0.75f, y[i], 1e-6f);
                assertEquals(dy.buffer()[i] / 0.75f, dx[i], 1e-6f);
            } else {
                assertEquals(0f, Math.abs(dx[i]));
            }
        }
        assertTrue(Math.abs(kept / 4000.0 - 0.75) < 0.03, "kept fraction " + kept / 4000.0);
    }

    @Test
    void rateZeroIsTheIdentityInTrainingToo() {
        Tensor x = Tensor.wrap(Shape.of(1, 1000), Numeric.randomFloats(1000, 3, 1));
        ForwardPass pass = built(0).forward(x, new TrainingContext(new SplittableRandom(2)));
        assertSame(x, pass.output());
        Tensor g = Tensor.wrap(x.shape(), Numeric.randomFloats(1000, 5, 1));
        assertSame(g, pass.backward(g));
    }

    @Test
    void invalidRateIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers.dropout(1.0));
        assertEquals("Dropout rate must be in [0, 1), got 1.0", e.getMessage());
    }
}
