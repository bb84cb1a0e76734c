package dev.engram.losses;

import dev.engram.tensor.Tensor;

/**
 * A training objective comparing targets with predictions of the same shape {@code [batch, ...]}.
 * The value is reduced to one number as TF.js does: a mean over the last axis per sample (where the
 * loss is defined per element), then the mean over the batch.
 *
 * <p>Implementations are immutable and thread-safe. Obtain them from {@link Losses}.
 */
public interface Loss {

    /**
     * A short engine name, e.g. {@code "meanSquaredError"}.
     *
     * @return the name, used in messages and {@code toString}
     */
    String name();

    /**
     * The batch loss and, if {@code withGradient}, its gradient with respect to {@code yPred} (same
     * shape as {@code yPred}, already including the division by the batch size).
     *
     * @param yTrue the batch's targets
     * @param yPred the batch's predictions, {@code [batch, ...]}
     * @param withGradient true to compute the gradient too
     * @return the mean loss over the batch and, if asked, its gradient
     * @throws IllegalArgumentException if the shapes do not fit, naming both
     */
    LossResult evaluate(Tensor yTrue, Tensor yPred, boolean withGradient);
}
