package dev.engram.optimizers;

/**
 * Which squared-gradient accumulator Adadelta divides by. The two forms differ from the first step:
 * with the TF.js form the first update is exactly {@code lr * g} (both accumulators are still 0), with
 * the Keras form it is {@code lr * g * sqrt(eps / ((1 - rho) * g^2 + eps))}.
 */
public enum AdadeltaForm {
    /**
     * tfjs-core {@code AdadeltaOptimizer} (the engine default): the update is computed from the
     * accumulators as they were before this step,
     * {@code update = sqrt(accumulatedUpdate + eps) / sqrt(accumulatedGrad_old + eps) * g}.
     */
    TFJS,

    /**
     * Keras (and Zeiler's Algorithm 1): the squared-gradient accumulator is updated first and the new
     * value is the denominator,
     * {@code update = sqrt(accumulatedUpdate + eps) / sqrt(accumulatedGrad_new + eps) * g}.
     */
    KERAS
}
