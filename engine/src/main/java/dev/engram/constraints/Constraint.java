package dev.engram.constraints;

import dev.engram.tensor.Shape;

/**
 * A projection applied to a parameter's value after every optimizer step during training (Keras
 * {@code kernel_constraint}, {@code bias_constraint}). Attach one through a layer config, e.g.
 * {@code Layers.dense(8).withKernelConstraint(Constraints.maxNorm(2))}.
 */
public interface Constraint {
    /**
     * Projects {@code value} (row-major, of shape {@code shape}) in place.
     *
     * @param value the weights, changed in place
     * @param shape their shape
     */
    void apply(float[] value, Shape shape);
}
