package dev.engram.losses;

/**
 * {@code mean(yPred - yTrue · log(yPred + 1e-7))} over the last axis, then over samples (TF.js and Keras
 * {@code poisson}); predictions are rates, e.g. softplus or exp outputs.
 */
final class PoissonLoss extends ElementwiseLoss {

    @Override
    public String name() {
        return "poisson";
    }

    @Override
    float value(float yTrue, float yPred) {
        return yPred - yTrue * (float) Math.log(yPred + LossChecks.EPSILON);
    }

    @Override
    float derivative(float yTrue, float yPred) {
        return 1f - yTrue / (yPred + LossChecks.EPSILON);
    }
}
