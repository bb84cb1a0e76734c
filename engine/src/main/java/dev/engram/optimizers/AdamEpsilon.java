package dev.engram.optimizers;

/**
 * Where Adam adds its epsilon. The two forms give different updates whenever {@code sqrt(v)} is not
 * much larger than epsilon, so a model trained with one and resumed with the other drifts; file
 * writers must record which one an optimizer uses.
 */
public enum AdamEpsilon {
    /**
     * TF.js {@code AdamOptimizer} (the engine default): epsilon is added to the square root of the
     * bias-corrected second moment, {@code w -= lr * m̂ / (sqrt(v̂) + eps)} with
     * {@code m̂ = m / (1 - beta1^t)}, {@code v̂ = v / (1 - beta2^t)} (Algorithm 1 of Kingma and Ba).
     */
    BIAS_CORRECTED,

    /**
     * Keras (2.3+ and 3) {@code Adam}: the "epsilon hat" form, epsilon added to {@code sqrt(v)} of the
     * uncorrected moment with the correction folded into the step size:
     * {@code lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)}, {@code w -= lr_t * m / (sqrt(v) + eps)}.
     */
    EPSILON_HAT
}
