package dev.engram.models;

import dev.engram.tensor.Tensor;

/**
 * A quantity reported during training and evaluation (not differentiated). A metric reduces each
 * batch to additive {@link #statistics} (sums and counts); the value over several batches (an
 * epoch, an {@code evaluate}) is {@link #result} of their element-wise sum, as Keras's stateful
 * metrics accumulate. The defaults make a mean metric: the batch value weighted by its number of
 * rows, as TF.js reports epoch metrics. Metrics ignore sample and class weights (Keras 3's
 * {@code metrics}; TF.js).
 */
public interface Metric {

    /**
     * The key in logs and {@link History}, e.g. {@code "accuracy"}, {@code "mse"}.
     *
     * @return the log key
     */
    String name();

    /**
     * The value of this metric on one batch alone.
     *
     * @param yTrue the batch's targets, {@code [batch, ...]}
     * @param yPred the batch's predictions, shaped as the model output
     * @return the metric's value over the batch
     */
    double compute(Tensor yTrue, Tensor yPred);

    /**
     * Additive statistics of one batch; default {@code {compute * rows, rows}}.
     *
     * @param yTrue the batch's targets, {@code [batch, ...]}
     * @param yPred the batch's predictions, shaped as the model output
     * @return statistics that can be summed element-wise over batches
     */
    default double[] statistics(Tensor yTrue, Tensor yPred) {
        int rows = yPred.rank() == 0 ? 1 : yPred.shape().dim(0);
        return new double[] {compute(yTrue, yPred) * rows, rows};
    }

    /**
     * The value from summed {@link #statistics}; default their weighted mean.
     *
     * @param sums the element-wise sums of every batch's {@link #statistics}
     * @return the metric's value over all those batches
     */
    default double result(double[] sums) {
        return sums[1] == 0 ? Double.NaN : sums[0] / sums[1];
    }
}
