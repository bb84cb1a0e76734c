package dev.engram.constraints;

import dev.engram.tensor.Shape;

/**
 * Keras/TF.js {@code MaxNorm} (Srivastava et al., 2014, "Dropout", section 5.1): caps the L2 norm of
 * every slice along {@code axis} at {@code maxValue},
 * {@code w * clip(norm, 0, maxValue) / (1e-7 + norm)}. For a Dense kernel {@code [in, units]} the
 * default axis 0 constrains each unit's incoming weight vector.
 *
 * @param maxValue the largest norm allowed, finite and {@code > 0} (Keras default 2)
 * @param axis     the axis the norms run along (Keras default 0); negative counts from the end
 */
public record MaxNorm(double maxValue, int axis) implements Constraint {

    /**
     * Validates {@code maxValue}.
     *
     * @param maxValue see the record
     * @param axis     see the record
     */
    public MaxNorm {
        if (!(maxValue > 0) || Double.isInfinite(maxValue)) {
            throw new IllegalArgumentException("MaxNorm: maxValue must be a finite number > 0, got " + maxValue);
        }
    }

    @Override
    public void apply(float[] value, Shape shape) {
        AxisNorms.rescale("MaxNorm", value, shape, axis, norm -> Math.min(norm, maxValue));
    }
}
