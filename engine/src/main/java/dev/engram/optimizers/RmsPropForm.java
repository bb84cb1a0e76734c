package dev.engram.optimizers;

/**
 * Which framework's RMSprop update an {@link RmsProp} follows. The two agree exactly when the
 * optimizer is not centered; centered, TF.js subtracts epsilon under the square root where Keras adds
 * it, so a model trained with one and resumed with the other drifts, and file writers must record
 * which one an optimizer uses.
 */
public enum RmsPropForm {
    /**
     * TF.js {@code RMSPropOptimizer} (the engine default): centered, the denominator is
     * {@code sqrt(rms - (mg^2 + eps))}; the momentum slot is kept even when momentum is 0.
     */
    TFJS,

    /**
     * Keras (tf-keras 2.11+ and Keras 3) {@code RMSprop}, and TensorFlow's
     * {@code ApplyCenteredRMSProp}: centered, the denominator is {@code sqrt(rms - mg^2 + eps)}.
     */
    KERAS
}
