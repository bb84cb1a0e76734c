package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Fills every element with {@code value}. {@link Initializers#zeros()} and
 * {@link Initializers#ones()} are the constants 0 and 1 (the Keras/TF.js {@code Zeros} and
 * {@code Ones} initializers). Ignores the random generator.
 *
 * @param value the fill value; finite
 */
public record Constant(double value) implements Initializer {

    /**
     * Validates that {@code value} is finite.
     *
     * @param value the fill value; finite
     */
    public Constant {
        Sampling.requireFinite("constant", "value", value);
    }

    @Override
    public Tensor initialize(Shape shape, RandomGenerator random) {
        return Tensor.filled(shape, (float) value);
    }
}
