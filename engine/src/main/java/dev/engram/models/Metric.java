package dev.engram.models;

import dev.engram.tensor.Tensor;

/**
 * A quantity reported during training and evaluation (not differentiated). The batch value is a
 * mean over the batch; epoch values are batch-size-weighted means, as in TF.js.
 */
public interface Metric {

    /** The key in logs and {@link History}, e.g. {@code "accuracy"}, {@code "mse"}. */
    String name();

    /** The mean of this metric over the batch. */
    double compute(Tensor yTrue, Tensor yPred);
}
