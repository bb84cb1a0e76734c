package dev.engram.losses;

/**
 * {@code mean(log(cosh(yPred - yTrue)))} over the last axis, then over samples, computed as TF.js and Keras do,
 * {@code x + softplus(-2x) - log 2} (no overflow for large errors); its derivative is {@code tanh(x)}.
 */
final class LogCoshLoss extends ElementwiseLoss {
    private static final double LOG2 = Math.log(2);

    @Override
    public String name() {
        return "logcosh";
    }

    @Override
    float value(float yTrue, float yPred) {
        double x = yPred - yTrue;
        double z = -2 * x;
        double softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
        return (float) (x + softplus - LOG2);
    }

    @Override
    float derivative(float yTrue, float yPred) {
        return (float) Math.tanh(yPred - yTrue);
    }
}
