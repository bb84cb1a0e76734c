package dev.engram.losses;

/**
 * {@code 100 · mean(|yTrue - yPred| / max(|yTrue|, 1e-7))} over the last axis, then over samples (TF.js
 * {@code meanAbsolutePercentageError}, Keras {@code mean_absolute_percentage_error}: the same formula).
 */
final class MeanAbsolutePercentageErrorLoss extends ElementwiseLoss {

    @Override
    public String name() {
        return "meanAbsolutePercentageError";
    }

    @Override
    float value(float yTrue, float yPred) {
        return 100f * Math.abs((yTrue - yPred) / Math.max(Math.abs(yTrue), LossChecks.EPSILON));
    }

    @Override
    float derivative(float yTrue, float yPred) {
        // TF.js parity: abs's gradient is step(x, -1) of x = (yTrue - yPred) / c, then d x / d yPred = -1 / c
        float c = Math.max(Math.abs(yTrue), LossChecks.EPSILON);
        return (yTrue - yPred) / c > 0f ? -100f / c : 100f / c;
    }
}
