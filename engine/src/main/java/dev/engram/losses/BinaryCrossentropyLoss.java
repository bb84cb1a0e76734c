package dev.engram.losses;

/**
 * Binary cross-entropy on probabilities, as tfjs-layers losses.ts computes it: clip {@code yPred} to
 * {@code [1e-7, 1 - 1e-7]}, recover logits {@code x = log(c / (1 - c))}, then the stable
 * {@code sigmoidCrossEntropyWithLogits}: {@code max(x, 0) - x*t + log1p(exp(-|x|))}, averaged over
 * the last axis and then over samples.
 *
 * <p>The gradient is zero where the clip is active; elsewhere it is
 * {@code dl/dx * 1 / (c (1 - c))}, which simplifies to {@code (c - t) / (c (1 - c))}.
 */
final class BinaryCrossentropyLoss extends ElementwiseLoss {

    @Override
    public String name() {
        return "binaryCrossentropy";
    }

    private static float logit(float p) {
        float c = LossChecks.clip(p);
        return (float) Math.log(c / (1f - c));
    }

    @Override
    float value(float yTrue, float yPred) {
        float x = logit(yPred);
        return Math.max(x, 0f) - x * yTrue + (float) Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    float derivative(float yTrue, float yPred) {
        if (LossChecks.clipped(yPred)) {
            return 0f;
        }
        float c = yPred;
        float x = logit(c);
        float e = (float) Math.exp(-Math.abs(x));
        // TF.js parity: the chain relu'(x) - t - sign(x) * e / (1 + e), with relu'(0) = 0 and
        // abs'(0) = -1, so x == 0 gives 0.5 - t like sigmoid(x) - t elsewhere.
        float dLdx = (x > 0f ? 1f : 0f) - yTrue - (x > 0f ? 1f : -1f) * (e / (1f + e));
        return dLdx / (c * (1f - c));
    }
}
