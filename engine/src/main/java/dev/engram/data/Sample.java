package dev.engram.data;

import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * One element of a training dataset: the inputs (one tensor per model input) and the targets (one
 * per model output; empty for inference data). Before {@link Dataset#batch} a sample is one example
 * (tensors without a batch axis); after it a batch (a leading batch axis on every tensor).
 *
 * @param x            inputs
 * @param y            targets, possibly empty
 * @param sampleWeight the loss weight of the example (a scalar) or of each example of a batch
 *                     ({@code [batch]}), or null for 1
 */
public record Sample(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {

    /**
     * Copies the lists.
     *
     * @param x            inputs
     * @param y            targets, possibly empty
     * @param sampleWeight the loss weight of the example (a scalar) or of each example of a batch
     *                     ({@code [batch]}), or null for 1
     */
    public Sample {
        x = List.copyOf(x);
        y = List.copyOf(y);
        if (x.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one input tensor");
        }
    }

    /**
     * A sample without a weight.
     *
     * @param x one tensor per model input
     * @param y one tensor per model output; empty for inference data
     */
    public Sample(List<Tensor> x, List<Tensor> y) {
        this(x, y, null);
    }

    /**
     * This sample with a loss weight (a scalar for one example, {@code [batch]} for a batch).
     *
     * @param w the loss weight: a scalar for one example, {@code [batch]} for a batch
     * @return a new sample with the same inputs and targets
     */
    public Sample withSampleWeight(Tensor w) {
        return new Sample(x, y, w);
    }

    /**
     * A sample with one input and one target.
     *
     * @param x the input
     * @param y the target
     * @return the sample
     */
    public static Sample of(Tensor x, Tensor y) {
        return new Sample(List.of(x), List.of(y));
    }

    /**
     * A sample with one input and no target (for {@code predict}).
     *
     * @param x the input
     * @return the sample, with no targets
     */
    public static Sample of(Tensor x) {
        return new Sample(List.of(x), List.of());
    }

    /**
     * The size of the leading (batch) axis of the first input.
     *
     * @return the first dimension of the first input
     */
    public int batchSize() {
        return x.get(0).rank() == 0 ? 1 : x.get(0).shape().dim(0);
    }
}
