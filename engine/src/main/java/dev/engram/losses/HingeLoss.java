package dev.engram.losses;

/**
 * The hinge loss {@code mean(max(0, 1 - yTrue · yPred))} over the last axis, then over samples, or its square
 * {@code mean(max(0, 1 - yTrue · yPred)^2)} (TF.js {@code hinge}/{@code squaredHinge}, Keras
 * {@code hinge}/{@code squared_hinge}). Targets are -1 or 1. Keras also takes 0/1 labels: when every target of
 * the batch is 0 or 1 it uses {@code 2 · yTrue - 1}; TF.js uses the targets as given. Which rule applies is part
 * of the loss ({@link #convertsBinaryLabels()}), so a model keeps its origin's.
 */
public final class HingeLoss extends ElementwiseLoss {
    private final boolean squared;
    private final boolean convertBinaryLabels;

    HingeLoss(boolean squared, boolean convertBinaryLabels) {
        this.squared = squared;
        this.convertBinaryLabels = convertBinaryLabels;
    }

    /**
     * Whether the loss is squared.
     *
     * @return true for the squared hinge
     */
    public boolean squared() {
        return squared;
    }

    /**
     * Whether 0/1 targets are converted to -1/1 (Keras) or used as given (TF.js).
     *
     * @return true for Keras's rule
     */
    public boolean convertsBinaryLabels() {
        return convertBinaryLabels;
    }

    /** {@code "hinge"} or {@code "squaredHinge"}. */
    @Override
    public String name() {
        return squared ? "squaredHinge" : "hinge";
    }

    @Override
    float[] targets(float[] yTrue) {
        if (!convertBinaryLabels) {
            return yTrue;
        }
        for (float t : yTrue) {
            if (t != 0f && t != 1f) {
                return yTrue; // Keras parity: converted only when the whole batch is binary
            }
        }
        float[] out = new float[yTrue.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 2f * yTrue[i] - 1f;
        }
        return out;
    }

    @Override
    float value(float yTrue, float yPred) {
        float m = Math.max(0f, 1f - yTrue * yPred);
        return squared ? m * m : m;
    }

    @Override
    float derivative(float yTrue, float yPred) {
        float z = 1f - yTrue * yPred;
        // TF.js parity: maximum(0, z) passes the gradient to z only where z > 0
        if (!(z > 0f)) {
            return 0f;
        }
        return squared ? -2f * z * yTrue : -yTrue;
    }

    /** Hinge losses are equal when both the square and the label rule are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HingeLoss h && h.squared == squared && h.convertBinaryLabels == convertBinaryLabels;
    }

    @Override
    public int hashCode() {
        return (squared ? 2 : 0) + (convertBinaryLabels ? 1 : 0);
    }

    @Override
    public String toString() {
        return name() + (convertBinaryLabels ? "(keras labels)" : "");
    }
}
