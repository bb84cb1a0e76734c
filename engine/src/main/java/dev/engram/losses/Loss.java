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

    /** A short engine name, e.g. {@code "meanSquaredError"}. */
    String name();

    /**
     * The batch loss and, if {@code withGradient}, its gradient with respect to {@code yPred} (same
     * shape as {@code yPred}, already including the division by the batch size).
     *
     * @throws IllegalArgumentException if the shapes do not fit, naming both
     */
    LossResult evaluate(Tensor yTrue, Tensor yPred, boolean withGradient);
}
