package dev.engram.constraints;

import dev.engram.tensor.Shape;

/**
 * Keras/TF.js {@code UnitNorm}: every slice along {@code axis} scaled to unit L2 norm,
 * {@code w / (1e-7 + norm)}.
 *
 * @param axis the axis the norms run along (Keras default 0); negative counts from the end
 */
public record UnitNorm(int axis) implements Constraint {
    @Override
    public void apply(float[] value, Shape shape) {
        AxisNorms.rescale("UnitNorm", value, shape, axis, norm -> 1);
    }
}
