package dev.engram.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * One output's activity penalty and its gradient against the formula written out: Keras 3's plain sum, and
 * tf-keras's division by the output's first dimension (divide_no_nan: an empty batch has no penalty).
 */
class ActivityRegularizerUnitTest {
    private static final Tensor OUT = Tensor.of(Shape.of(2, 3), new float[] {0.5f, -1f, 0f, 2f, -0.25f, 0.1f});

    @Test
    void penaltyAndGradientInBothScalings() {
        L1L2 r = new L1L2(0.1, 0.2);
        double sumAbs = 0.5 + 1 + 0 + 2 + 0.25 + 0.1;
        double sumSq = 0.25 + 1 + 0 + 4 + 0.0625 + 0.01;
        double p = 0.1 * sumAbs + 0.2 * sumSq;
        assertEquals(p, ActivityRegularizer.of(r).penalty(OUT), 1e-6);
        assertEquals(p / 2, ActivityRegularizer.batchMean(r).penalty(OUT), 1e-6);
        Tensor upstream = Tensor.of(Shape.of(2, 3), new float[] {1, 1, 1, 1, 1, 1});
        float[] sum = ActivityRegularizer.of(r).addGradient(OUT, upstream).buffer();
        float[] mean = ActivityRegularizer.batchMean(r).addGradient(OUT, null).buffer();
        for (int i = 0; i < 6; i++) {
            float v = OUT.buffer()[i];
            double own = 0.1 * Math.signum(v) + 0.4 * v; // sign(0) = 0, TensorFlow's abs gradient
            assertEquals(1 + own, sum[i], 1e-6, "summed, with the upstream gradient, element " + i);
            assertEquals(own / 2, mean[i], 1e-6, "batch mean, no upstream gradient, element " + i);
        }
        assertEquals(1f, upstream.buffer()[0], "the upstream gradient is not changed in place");
    }

    @Test
    void anEmptyBatchHasNoPenaltyAndNullsAreRefused() {
        Tensor empty = Tensor.of(Shape.of(0, 3), new float[0]);
        assertEquals(0, ActivityRegularizer.batchMean(Regularizers.l2(1)).penalty(empty));
        assertEquals(0, ActivityRegularizer.batchMean(Regularizers.l2(1)).addGradient(empty, null).buffer().length);
        assertThrows(NullPointerException.class, () -> ActivityRegularizer.of(null));
        assertThrows(NullPointerException.class, () -> new ActivityRegularizer(Regularizers.l1(), null));
    }
}
