package dev.engram.losses;

/** {@code mean((yPred - yTrue)^2)} over the last axis, then over samples (tfjs-layers losses.ts). */
final class MeanSquaredErrorLoss extends ElementwiseLoss {

    @Override
    public String name() {
        return "meanSquaredError";
    }

    @Override
    float value(float yTrue, float yPred) {
        float e = yPred - yTrue;
        return e * e;
    }

    @Override
    float derivative(float yTrue, float yPred) {
        return 2f * (yPred - yTrue);
    }
}
