package dev.engram.losses;

import dev.engram.tensor.Tensor;

/** Shape checks and the clipping constant shared by the loss implementations. */
final class LossChecks {
    /**
     * The fuzz factor TF.js uses to clip probabilities ({@code epsilon()} of tfjs-layers, 1e-7 on
     * float32 backends).
     */
    static final float EPSILON = 1e-7f;

    /**
     * {@code 1 - 1e-7} rounded to float32. TF.js compares float32 values with the JS number
     * {@code 1 - 1e-7}; no float32 lies between that number and this constant, so comparing with
     * this float clips exactly the same values.
     */
    static final float ONE_MINUS_EPSILON = (float) (1.0 - 1e-7);

    private LossChecks() {
    }

    /** True when TF.js {@code clipByValue(x, eps, 1 - eps)} changes x (its gradient is then zero). */
    static boolean clipped(float x) {
        // TF.js parity: the clip gradient passes where eps <= x <= 1-eps (inclusive bounds).
        return !(x >= EPSILON && x <= ONE_MINUS_EPSILON);
    }

    /** TF.js {@code clipByValue(x, eps, 1 - eps)}. */
    static float clip(float x) {
        return x < EPSILON ? EPSILON : x > ONE_MINUS_EPSILON ? ONE_MINUS_EPSILON : x;
    }

    /** Rejects yTrue/yPred of different shapes, or predictions without a last axis or without values. */
    static void requireSameShape(String loss, Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(loss + ": yTrue shape " + yTrue.shape()
                    + " does not match yPred shape " + yPred.shape());
        }
        requireNonEmptyPredictions(loss, yPred);
    }

    /** Rejects predictions of rank 0 or with no elements: the mean over the batch is undefined. */
    static void requireNonEmptyPredictions(String loss, Tensor yPred) {
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(loss + ": yPred must have at least one axis, got shape "
                    + yPred.shape());
        }
        if (yPred.size() == 0) {
            throw new IllegalArgumentException(loss + ": yPred shape " + yPred.shape()
                    + " holds no values; the mean loss of an empty batch is undefined");
        }
    }
}
