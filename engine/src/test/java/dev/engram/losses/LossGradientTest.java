package dev.engram.losses;

import static dev.engram.losses.GradientCheck.check;
import static dev.engram.losses.GradientCheck.ramp;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks for every loss: the float32 gradient against central differences (h = 1e-6 unless
 * stated) of an independent double-precision formula, relative error at most 1e-4, on a batch,
 * a batch of one and rank-3 predictions. Inputs keep away from kinks (|e| = 0, |e| = delta) and clip
 * boundaries, except in the tests about those regions.
 */
class LossGradientTest {
    private static final double H = 1e-6;

    /** Targets in [-1, 1] and predictions offset from them by 0.2 .. 2.05, alternating in sign. */
    private static Tensor[] regressionPair(Shape shape) {
        int n = shape.size();
        float[] t = ramp(n, -1, 1, 0.3);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            float offset = (float) (0.2 + 0.37 * (i % 6));
            p[i] = t[i] + (i % 2 == 0 ? offset : -offset);
        }
        return new Tensor[] {Tensor.of(shape, t), Tensor.of(shape, p)};
    }

    private static final Shape[] SHAPES = {Shape.of(4, 3), Shape.of(1, 3), Shape.of(2, 3, 2), Shape.of(5)};

    @Test
    void meanSquaredError() {
        for (Shape s : SHAPES) {
            Tensor[] tp = regressionPair(s);
            check(Losses.meanSquaredError(), tp[0], tp[1], DoubleReferences.mse(s.dim(-1)), H);
        }
    }

    @Test
    void meanAbsoluteError() {
        for (Shape s : SHAPES) {
            Tensor[] tp = regressionPair(s);
            check(Losses.meanAbsoluteError(), tp[0], tp[1], DoubleReferences.mae(s.dim(-1)), H);
        }
    }

    @Test
    void huberWithDefaultAndCustomDelta() {
        for (Shape s : SHAPES) {
            Tensor[] tp = regressionPair(s);
            check(Losses.huber(), tp[0], tp[1], DoubleReferences.huber(s.dim(-1), 1.0), H);
            check(Losses.huber(0.5), tp[0], tp[1], DoubleReferences.huber(s.dim(-1), 0.5), H);
            check(Losses.huber(1.5), tp[0], tp[1], DoubleReferences.huber(s.dim(-1), 1.5), H);
        }
    }

    @Test
    void binaryCrossentropy() {
        for (Shape s : SHAPES) {
            int n = s.size();
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = i % 3 == 0 ? 1f : i % 3 == 1 ? 0f : 0.3f; // soft labels are allowed too
            }
            Tensor yPred = Tensor.of(s, ramp(n, 0.05, 0.95, 1.1));
            check(Losses.binaryCrossentropy(), Tensor.of(s, t), yPred, DoubleReferences.binaryCrossentropy(s.dim(-1)), H);
        }
    }

    @Test
    void categoricalCrossentropyThroughRowNormalisation() {
        for (Shape s : SHAPES) {
            int n = s.size();
            int classes = s.dim(-1);
            float[] t = new float[n];
            for (int r = 0; r < n / classes; r++) {
                t[r * classes + (r * 2 + 1) % classes] = 1f;
            }
            // Rows deliberately not summing to 1: the gradient must include the normalisation.
            Tensor yPred = Tensor.of(s, ramp(n, 0.05, 1.0, 0.4));
            check(Losses.categoricalCrossentropy(), Tensor.of(s, t), yPred,
                    DoubleReferences.categoricalCrossentropy(classes), H);
        }
    }

    @Test
    void categoricalCrossentropyWithSoftTargets() {
        Tensor yTrue = Tensor.of(new float[][] {{0.2f, 0.5f, 0.3f}, {0.6f, 0.1f, 0.3f}});
        Tensor yPred = Tensor.of(new float[][] {{0.3f, 0.3f, 0.4f}, {0.1f, 0.2f, 0.9f}});
        check(Losses.categoricalCrossentropy(), yTrue, yPred, DoubleReferences.categoricalCrossentropy(3), H);
    }

    @Test
    void sparseCategoricalCrossentropy() {
        // [batch, classes] with labels [batch] and [batch, 1]; labels are floored like TF.js (1.9 -> 1).
        float[] probs = ramp(12, 0.05, 1.0, 0.9);
        Tensor yPred = Tensor.of(Shape.of(4, 3), probs);
        float[] labels = {2f, 0f, 1.9f, 1f};
        check(Losses.sparseCategoricalCrossentropy(), Tensor.of(labels), yPred,
                DoubleReferences.sparseCategoricalCrossentropy(3), H);
        check(Losses.sparseCategoricalCrossentropy(), Tensor.of(Shape.of(4, 1), labels), yPred,
                DoubleReferences.sparseCategoricalCrossentropy(3), H);
        // Batch of one.
        check(Losses.sparseCategoricalCrossentropy(), Tensor.of(new float[] {1f}),
                Tensor.of(new float[][] {{0.2f, 0.5f, 0.3f}}), DoubleReferences.sparseCategoricalCrossentropy(3), H);
        // Rank 3: [batch, time, classes] with labels [batch, time] and [batch, time, 1].
        Tensor yPred3 = Tensor.of(Shape.of(2, 2, 3), probs);
        check(Losses.sparseCategoricalCrossentropy(), Tensor.of(Shape.of(2, 2), labels), yPred3,
                DoubleReferences.sparseCategoricalCrossentropy(3), H);
        check(Losses.sparseCategoricalCrossentropy(), Tensor.of(Shape.of(2, 2, 1), labels), yPred3,
                DoubleReferences.sparseCategoricalCrossentropy(3), H);
    }

    @Test
    void categoricalGradientWithAClippedEntryStillFlowsThroughTheRowSum() {
        // q_0 = 1e-9 / 1.0 is clipped, so log(q_0) has no gradient, but p_0 still moves the row sum:
        // its gradient is -sum_k g_k q_k / s, not 0. h stays below the clip boundary.
        Tensor yTrue = Tensor.of(new float[][] {{0f, 1f, 0f}});
        Tensor yPred = Tensor.of(new float[][] {{1e-9f, 0.6f, 0.4f}});
        check(Losses.categoricalCrossentropy(), yTrue, yPred, DoubleReferences.categoricalCrossentropy(3), 1e-10);
    }

    @Test
    void sparseGradientInsideTheFirstClip() {
        Tensor labels = Tensor.of(new float[] {1f, 0f});
        Tensor yPred = Tensor.of(new float[][] {{0f, 0.7f, 0.3f}, {0.5f, 1e-9f, 0.5f}});
        check(Losses.sparseCategoricalCrossentropy(), labels, yPred, DoubleReferences.sparseCategoricalCrossentropy(3),
                1e-10);
    }
}
