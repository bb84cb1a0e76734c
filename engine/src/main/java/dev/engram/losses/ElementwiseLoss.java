package dev.engram.losses;

import dev.engram.tensor.Tensor;

/**
 * A loss defined per element {@code l(t, p)} and reduced like TF.js: the mean over the last axis per
 * sample, then the mean over all leading positions (the batch, and time steps for rank-3
 * predictions). Since every sample has the same length this is the mean over all elements, and the
 * gradient of element {@code i} is {@code l'(t_i, p_i) / (rows * lastDim)}.
 */
abstract class ElementwiseLoss implements Loss {

    /** The unreduced loss of one element. */
    abstract float value(float yTrue, float yPred);

    /** {@code d value / d yPred} for one element, as TF.js autodiff evaluates it. */
    abstract float derivative(float yTrue, float yPred);

    /** The targets the element loss sees: the batch's own, unless a loss rewrites them (Keras's hinge labels). */
    float[] targets(float[] yTrue) {
        return yTrue;
    }

    @Override
    public final LossResult evaluate(Tensor yTrue, Tensor yPred, boolean withGradient) {
        LossChecks.requireSameShape(name(), yTrue, yPred);
        float[] t = targets(yTrue.buffer());
        float[] p = yPred.buffer();
        int last = yPred.shape().dim(-1);
        int rows = p.length / last;
        // Sums in double so that the reported value does not depend on the batch size's rounding.
        double total = 0;
        for (int r = 0, i = 0; r < rows; r++) {
            double rowSum = 0;
            for (int j = 0; j < last; j++, i++) {
                rowSum += value(t[i], p[i]);
            }
            total += rowSum / last;
        }
        float loss = (float) (total / rows);
        if (!withGradient) {
            return new LossResult(loss, null);
        }
        // TF.js parity: the two mean reductions backpropagate as (1/rows)/lastDim, in float32.
        float scale = (1f / rows) / last;
        float[] g = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = scale * derivative(t[i], p[i]);
        }
        return new LossResult(loss, Tensor.wrap(yPred.shape(), g));
    }
}
