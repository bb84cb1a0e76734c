package dev.engram.losses;

import dev.engram.tensor.Tensor;

/**
 * The value of a loss on one batch and, when asked for, its gradient with respect to the predictions.
 *
 * @param value    the reduced (mean) loss
 * @param gradient {@code dLoss/dyPred}, or {@code null} when it was not requested
 */
public record LossResult(float value, Tensor gradient) {
}
