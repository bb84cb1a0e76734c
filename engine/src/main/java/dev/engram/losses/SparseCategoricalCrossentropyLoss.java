package dev.engram.losses;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;

/**
 * Categorical cross-entropy with class indices as targets, as tfjs-layers losses.ts computes it:
 * {@code yPred} is clipped to {@code [1e-7, 1 - 1e-7]} first, then the one-hot categorical
 * cross-entropy (row normalisation and a second clip) follows. {@code yTrue} holds class indices as
 * floats (floored, like TF.js), with shape {@code yPred} minus its last axis, optionally followed by
 * an axis of size 1 (e.g. {@code [batch]} or {@code [batch, 1]} for {@code [batch, classes]}).
 *
 * <p>Unlike TF.js, whose {@code oneHot} turns an out-of-range index into an all-zero row and a
 * silent zero loss, an index outside {@code [0, classes)} is rejected: it is always a data bug.
 */
final class SparseCategoricalCrossentropyLoss implements Loss {

    @Override
    public String name() {
        return "sparseCategoricalCrossentropy";
    }

    @Override
    public LossResult evaluate(Tensor yTrue, Tensor yPred, boolean withGradient) {
        LossChecks.requireNonEmptyPredictions(name(), yPred);
        int[] predDims = yPred.shape().toArray();
        int[] lead = Arrays.copyOf(predDims, predDims.length - 1);
        int[] leadOne = Arrays.copyOf(predDims, predDims.length);
        leadOne[leadOne.length - 1] = 1;
        Shape trueShape = yTrue.shape();
        if (!trueShape.equals(Shape.of(lead)) && !trueShape.equals(Shape.of(leadOne))) {
            throw new IllegalArgumentException(name() + ": yTrue shape " + trueShape
                    + " does not match yPred shape " + yPred.shape() + "; expected class indices of shape "
                    + Shape.of(lead) + " or " + Shape.of(leadOne));
        }
        float[] labels = yTrue.buffer();
        float[] p = yPred.buffer();
        int classes = predDims[predDims.length - 1];
        int rows = p.length / classes;
        float[] clippedRow = new float[classes];
        float[] oneHot = new float[classes];
        float[] rowGrad = withGradient ? new float[classes] : null;
        float[] grad = withGradient ? new float[p.length] : null;
        float scale = 1f / rows;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int label = classIndex(labels[r], r, classes);
            int off = r * classes;
            for (int k = 0; k < classes; k++) {
                // TF.js parity: sparse categorical clips the raw predictions before normalising.
                clippedRow[k] = LossChecks.clip(p[off + k]);
            }
            oneHot[label] = 1f;
            total += RowCrossentropy.forwardBackward(oneHot, 0, clippedRow, 0, classes, rowGrad, scale);
            oneHot[label] = 0f;
            if (grad != null) {
                for (int k = 0; k < classes; k++) {
                    grad[off + k] = LossChecks.clipped(p[off + k]) ? 0f : rowGrad[k];
                }
            }
        }
        return new LossResult((float) (total / rows), grad == null ? null : Tensor.wrap(yPred.shape(), grad));
    }

    private int classIndex(float value, int row, int classes) {
        double floored = Math.floor(value);
        if (!(floored >= 0 && floored < classes)) {
            throw new IllegalArgumentException(name() + ": yTrue[" + row + "] = " + value
                    + " is not a class index in [0, " + classes + ")");
        }
        return (int) floored;
    }
}
