package dev.engram.losses;

/** {@code mean(|yPred - yTrue|)} over the last axis, then over samples (tfjs-layers losses.ts). */
final class MeanAbsoluteErrorLoss extends ElementwiseLoss {

    @Override
    public String name() {
        return "meanAbsoluteError";
    }

    @Override
    float value(float yTrue, float yPred) {
        return Math.abs(yPred - yTrue);
    }

    @Override
    float derivative(float yTrue, float yPred) {
        // TF.js parity: the gradient of abs is step(x, -1), so it is -1 (not 0) where yPred == yTrue.
        return yPred - yTrue > 0f ? 1f : -1f;
    }
}
