package dev.engram.losses;

import dev.engram.tensor.Tensor;

/**
 * Categorical cross-entropy on probabilities, as tfjs-layers losses.ts computes it: each row of
 * {@code yPred} (the last axis) is scaled to sum to 1, clipped to {@code [1e-7, 1 - 1e-7]}, and the
 * sample loss is {@code -sum(yTrue * log(clipped))}; the batch loss is the mean over all rows.
 *
 * <p>The gradient flows through the row normalisation {@code q = p / s}: with
 * {@code g_k = -t_k / c_k} where the clip is inactive (else 0),
 * {@code dL/dp_j = (g_j - sum_k g_k q_k) / s}, divided by the number of rows.
 */
final class CategoricalCrossentropyLoss implements Loss {

    @Override
    public String name() {
        return "categoricalCrossentropy";
    }

    @Override
    public LossResult evaluate(Tensor yTrue, Tensor yPred, boolean withGradient) {
        LossChecks.requireSameShape(name(), yTrue, yPred);
        float[] t = yTrue.buffer();
        float[] p = yPred.buffer();
        int classes = yPred.shape().dim(-1);
        int rows = p.length / classes;
        float[] grad = withGradient ? new float[p.length] : null;
        float scale = 1f / rows;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * classes;
            total += RowCrossentropy.forwardBackward(t, off, p, off, classes, grad, scale);
        }
        return new LossResult((float) (total / rows), grad == null ? null : Tensor.wrap(yPred.shape(), grad));
    }
}
