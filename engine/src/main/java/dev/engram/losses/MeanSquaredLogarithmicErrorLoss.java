package dev.engram.losses;

/**
 * {@code mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)} over the last axis, then over samples
 * (TF.js {@code meanSquaredLogarithmicError}, Keras {@code mean_squared_logarithmic_error}); no gradient flows
 * through a prediction below the clip.
 */
final class MeanSquaredLogarithmicErrorLoss extends ElementwiseLoss {

    @Override
    public String name() {
        return "meanSquaredLogarithmicError";
    }

    @Override
    float value(float yTrue, float yPred) {
        float d = logOnePlus(yPred) - logOnePlus(yTrue);
        return d * d;
    }

    @Override
    float derivative(float yTrue, float yPred) {
        if (yPred < LossChecks.EPSILON) {
            return 0f;
        }
        return 2f * (logOnePlus(yPred) - logOnePlus(yTrue)) / (yPred + 1f);
    }

    private static float logOnePlus(float x) {
        return (float) Math.log(Math.max(x, LossChecks.EPSILON) + 1f);
    }
}
