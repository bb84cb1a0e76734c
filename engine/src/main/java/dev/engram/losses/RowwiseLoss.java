package dev.engram.losses;

import dev.engram.tensor.Tensor;

/**
 * A loss defined per row of the last axis (a sum over it, not a mean) and averaged over the rows (the batch,
 * and the time steps of rank-3 predictions), as TF.js and Keras reduce it.
 */
abstract class RowwiseLoss implements Loss {

    /**
     * The loss of one row {@code [off, off + n)}; when {@code grad} is not null, writes {@code scale · dLoss/dp}
     * of the row into it.
     */
    abstract double row(float[] t, float[] p, int off, int n, float[] grad, float scale);

    @Override
    public final LossResult evaluate(Tensor yTrue, Tensor yPred, boolean withGradient) {
        LossChecks.requireSameShape(name(), yTrue, yPred);
        LossChecks.requireNonEmptyPredictions(name(), yPred);
        float[] t = yTrue.buffer();
        float[] p = yPred.buffer();
        int n = yPred.shape().dim(-1);
        int rows = p.length / n;
        float[] g = withGradient ? new float[p.length] : null;
        float scale = 1f / rows;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += row(t, p, r * n, n, g, scale);
        }
        float loss = (float) (total / rows);
        return new LossResult(loss, g == null ? null : Tensor.wrap(yPred.shape(), g));
    }
}
