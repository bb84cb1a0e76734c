package dev.engram.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Values against numbers computed by hand, the clipping regions, TF.js gradient quirks, and errors. */
class LossValuesTest {
    private static final Tensor Y_TRUE = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    private static final Tensor Y_PRED = Tensor.of(new float[][] {{1.5f, 2}, {2, 5}});

    private static float value(Loss loss, Tensor yTrue, Tensor yPred) {
        return loss.evaluate(yTrue, yPred, false).value();
    }

    @Test
    void regressionValuesByHand() {
        // Row means of the element losses, then the batch mean.
        // MSE: (0.25 + 0) / 2 = 0.125 and (1 + 1) / 2 = 1 -> 0.5625.
        assertEquals(0.5625f, value(Losses.meanSquaredError(), Y_TRUE, Y_PRED), 1e-7f);
        // MAE: (0.5 + 0) / 2 = 0.25 and (1 + 1) / 2 = 1 -> 0.625.
        assertEquals(0.625f, value(Losses.meanAbsoluteError(), Y_TRUE, Y_PRED), 1e-7f);
        // Huber delta 1: 0.5 * 0.25 = 0.125, 0, 0.5, 0.5 -> rows 0.0625, 0.5 -> 0.28125.
        assertEquals(0.28125f, value(Losses.huber(), Y_TRUE, Y_PRED), 1e-7f);
        // Huber delta 0.5: 0.125, 0, 0.125 + 0.5 * 0.5 = 0.375 twice -> rows 0.0625, 0.375 -> 0.21875.
        assertEquals(0.21875f, value(Losses.huber(0.5), Y_TRUE, Y_PRED), 1e-7f);
    }

    @Test
    void mseGradientByHand() {
        // 2 * e / (rows * last) = e / 2.
        float[] g = Losses.meanSquaredError().evaluate(Y_TRUE, Y_PRED, true).gradient().toArray();
        assertArrayEquals(new float[] {0.25f, 0f, -0.5f, 0.5f}, g, 1e-7f);
    }

    @Test
    void crossentropyValuesByHand() {
        // BCE: -(log 0.8 + log 0.6) / 2.
        assertEquals((float) (-(Math.log(0.8) + Math.log(0.6)) / 2),
                value(Losses.binaryCrossentropy(), Tensor.of(new float[][] {{1, 0}}), Tensor.of(new float[][] {{0.8f, 0.4f}})),
                1e-6f);
        // Categorical: -log 0.6, also when the row is given unnormalised as [1, 3, 1].
        Tensor oneHot = Tensor.of(new float[][] {{0, 1, 0}});
        float expected = (float) -Math.log(0.6);
        assertEquals(expected, value(Losses.categoricalCrossentropy(), oneHot, Tensor.of(new float[][] {{0.2f, 0.6f, 0.2f}})), 1e-6f);
        assertEquals(expected, value(Losses.categoricalCrossentropy(), oneHot, Tensor.of(new float[][] {{1, 3, 1}})), 1e-6f);
        assertEquals(expected, value(Losses.sparseCategoricalCrossentropy(), Tensor.of(new float[] {1}),
                Tensor.of(new float[][] {{0.2f, 0.6f, 0.2f}})), 1e-6f);
        // Two samples: mean of -log 0.6 and -log 0.5.
        assertEquals((float) (-(Math.log(0.6) + Math.log(0.5)) / 2),
                value(Losses.sparseCategoricalCrossentropy(), Tensor.of(new float[] {1, 0}),
                        Tensor.of(new float[][] {{0.2f, 0.6f, 0.2f}, {0.5f, 0.25f, 0.25f}})), 1e-6f);
    }

    @Test
    void rank3PredictionsAverageOverEveryPosition() {
        // [batch 2, time 2, 1]: MSE is the mean over all four positions.
        Tensor yTrue = Tensor.of(new float[][][] {{{0}, {0}}, {{0}, {0}}});
        Tensor yPred = Tensor.of(new float[][][] {{{1}, {2}}, {{3}, {4}}});
        assertEquals((1 + 4 + 9 + 16) / 4f, value(Losses.meanSquaredError(), yTrue, yPred), 1e-6f);
    }

    @Test
    void binaryCrossentropyHasZeroGradientWhereClipped() {
        // p = 0, p = 1 and p = 1e-9 are clipped; p = 0.5 is not: (0.5 - 1) / (0.5 * 0.5) / 4 = -0.5.
        Tensor yTrue = Tensor.of(new float[][] {{1, 0, 0, 1}});
        Tensor yPred = Tensor.of(new float[][] {{0, 1, 1e-9f, 0.5f}});
        LossResult r = Losses.binaryCrossentropy().evaluate(yTrue, yPred, true);
        assertArrayEquals(new float[] {0f, 0f, 0f, -0.5f}, r.gradient().toArray(), 1e-6f);
        assertTrue(Float.isFinite(r.value()), "clipping keeps the loss finite: " + r.value());
        // -log(1e-7) for the confidently wrong p = 0; float32 1 - (1 - 1e-7) is 1.19e-7, as in TF.js.
        double expected = (-Math.log(1e-7f) - Math.log(1 - (float) (1 - 1e-7)) - Math.log(1 - 1e-7) + Math.log(2)) / 4;
        assertEquals(expected, r.value(), 1e-4);
    }

    @Test
    void binaryCrossentropyAtHalfUsesSigmoidGradient() {
        // x = logit(0.5) = 0 is the kink of relu and abs; TF.js's chain still gives sigmoid(0) - t.
        LossResult r = Losses.binaryCrossentropy().evaluate(Tensor.of(new float[] {0f}), Tensor.of(new float[] {0.5f}), true);
        assertEquals(0.5f / 0.25f, r.gradient().get(0), 1e-6f);
        assertEquals((float) Math.log(2), r.value(), 1e-6f);
    }

    @Test
    void confidentCorrectCategoricalPredictionHasZeroGradient() {
        // q = [1, 0, 0] clips to [1 - eps, eps, eps]: every log term is cut off from the gradient.
        LossResult r = Losses.categoricalCrossentropy().evaluate(Tensor.of(new float[][] {{1, 0, 0}}),
                Tensor.of(new float[][] {{1, 0, 0}}), true);
        assertArrayEquals(new float[] {0, 0, 0}, r.gradient().toArray(), 0f);
        assertEquals(-(float) Math.log((float) (1 - 1e-7)), r.value(), 1e-9f);
    }

    @Test
    void sparseCategoricalClipsRawPredictionsFirst() {
        float[] g = Losses.sparseCategoricalCrossentropy().evaluate(Tensor.of(new float[] {1f}),
                Tensor.of(new float[][] {{0f, 0.7f, 0.3f}}), true).gradient().toArray();
        assertEquals(0f, g[0], 0f);
        assertTrue(g[1] < 0 && g[2] > 0, "gradient of the unclipped entries: " + java.util.Arrays.toString(g));
    }

    @Test
    void meanAbsoluteErrorGradientAtZeroErrorIsMinusOneLikeTfjs() {
        float[] g = Losses.meanAbsoluteError().evaluate(Tensor.of(new float[] {1, 1}), Tensor.of(new float[] {1, 3}), true)
                .gradient().toArray();
        assertArrayEquals(new float[] {-0.5f, 0.5f}, g, 0f);
    }

    @Test
    void huberGradientIsTheClampedError() {
        // e = 0.5 (quadratic), e = 1 (boundary: quadratic side), e = -3 (linear): clamp(e, -1, 1) / 3.
        float[] g = Losses.huber().evaluate(Tensor.of(new float[] {0, 0, 0}), Tensor.of(new float[] {0.5f, 1f, -3f}), true)
                .gradient().toArray();
        assertArrayEquals(new float[] {0.5f / 3, 1f / 3, -1f / 3}, g, 1e-7f);
        assertEquals(1.0, Losses.huber().delta());
    }

    @Test
    void shapeMismatchNamesTheLossAndBothShapes() {
        Tensor yTrue = Tensor.zeros(Shape.of(4, 2));
        Tensor yPred = Tensor.zeros(Shape.of(4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.meanSquaredError().evaluate(yTrue, yPred, true));
        assertEquals("meanSquaredError: yTrue shape [4, 2] does not match yPred shape [4, 1]", e.getMessage());
        for (Loss loss : new Loss[] {Losses.meanAbsoluteError(), Losses.huber(), Losses.binaryCrossentropy(),
                Losses.categoricalCrossentropy()}) {
            String message = assertThrows(IllegalArgumentException.class, () -> loss.evaluate(yTrue, yPred, false))
                    .getMessage();
            assertEquals(loss.name() + ": yTrue shape [4, 2] does not match yPred shape [4, 1]", message);
        }
    }

    @Test
    void sparseShapeAndLabelErrors() {
        Tensor yPred = Tensor.filled(Shape.of(4, 3), 1f / 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.sparseCategoricalCrossentropy().evaluate(Tensor.zeros(Shape.of(4, 3)), yPred, true));
        assertEquals("sparseCategoricalCrossentropy: yTrue shape [4, 3] does not match yPred shape [4, 3]; "
                + "expected class indices of shape [4] or [4, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.sparseCategoricalCrossentropy()
                .evaluate(Tensor.of(new float[] {0, 1, 3, 2}), yPred, true));
        assertEquals("sparseCategoricalCrossentropy: yTrue[2] = 3.0 is not a class index in [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.sparseCategoricalCrossentropy()
                .evaluate(Tensor.of(new float[] {0, -1, 1, 2}), yPred, true));
        assertThrows(IllegalArgumentException.class, () -> Losses.sparseCategoricalCrossentropy()
                .evaluate(Tensor.of(new float[] {0, Float.NaN, 1, 2}), yPred, true));
    }

    @Test
    void emptyBatchAndBadDeltaAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.meanSquaredError().evaluate(Tensor.zeros(Shape.of(0, 2)), Tensor.zeros(Shape.of(0, 2)), true));
        assertEquals("meanSquaredError: yPred shape [0, 2] holds no values; the mean loss of an empty batch is undefined",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.huber(0));
        assertEquals("huber: delta must be a finite number > 0, got 0.0", e.getMessage());
    }
}
