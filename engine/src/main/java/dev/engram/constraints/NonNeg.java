package dev.engram.constraints;

import dev.engram.tensor.Shape;

/** Keras/TF.js {@code NonNeg}: negative values become 0, {@code w * (w >= 0)}. */
public record NonNeg() implements Constraint {
    @Override
    public void apply(float[] value, Shape shape) {
        for (int i = 0; i < value.length; i++) {
            if (!(value[i] >= 0)) {
                // Keras parity: w * cast(w >= 0); NaN compares false and becomes 0 * NaN = NaN there.
                value[i] = Float.isNaN(value[i]) ? Float.NaN : 0f;
            }
        }
    }
}
