package dev.engram.constraints;

import dev.engram.tensor.Shape;

/**
 * Keras/TF.js {@code MinMaxNorm}: moves the L2 norm of every slice along {@code axis} towards
 * {@code [minValue, maxValue]},
 * {@code desired = rate * clip(norm, minValue, maxValue) + (1 - rate) * norm},
 * {@code w * desired / (1e-7 + norm)}.
 *
 * @param minValue smallest norm, {@code >= 0} (Keras default 0)
 * @param maxValue largest norm, {@code >= minValue} (Keras default 1)
 * @param rate     in {@code [0, 1]}: 1 enforces the bounds strictly (Keras default 1)
 * @param axis     the axis the norms run along (Keras default 0)
 */
public record MinMaxNorm(double minValue, double maxValue, double rate, int axis) implements Constraint {

    /**
     * Validates the bounds and the rate.
     *
     * @param minValue see the record
     * @param maxValue see the record
     * @param rate     see the record
     * @param axis     see the record
     */
    public MinMaxNorm {
        if (!(minValue >= 0) || !(maxValue >= minValue) || Double.isInfinite(maxValue)) {
            throw new IllegalArgumentException("MinMaxNorm: need 0 <= minValue <= maxValue < infinity, got minValue "
                    + minValue + ", maxValue " + maxValue);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("MinMaxNorm: rate must be in [0, 1], got " + rate);
        }
    }

    @Override
    public void apply(float[] value, Shape shape) {
        AxisNorms.rescale("MinMaxNorm", value, shape, axis,
                norm -> rate * Math.max(minValue, Math.min(maxValue, norm)) + (1 - rate) * norm);
    }
}
