package dev.engram.models;

/**
 * The result of {@link GradientStep#compute}: the gradient of the batch's mean loss with respect to
 * every parameter (one array per parameter, in {@link Network#parameters()} order, each laid out
 * like the parameter's value), the batch's loss (the sum of the per-output mean losses, without
 * regularization penalties) and the number of samples it was measured on.
 *
 * <p>Gradients of several shards of one batch combine into the gradient of the whole batch as the
 * sample-weighted mean: {@code sum_k samples_k * g_k / sum_k samples_k}.
 *
 * @param gradients one array per parameter; the arrays belong to this record's holder
 * @param loss      the batch's mean loss with the activity regularizers' penalty, weight regularization excluded
 * @param samples   the batch size
 */
public record BatchGradients(float[][] gradients, double loss, int samples) {
}
