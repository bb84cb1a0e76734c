package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Produces the initial value of a weight tensor. Fans are derived from the shape as Keras and TF.js
 * do: for a 2-D {@code [in, out]} kernel {@code fanIn = in, fanOut = out}; for higher ranks the
 * leading dimensions are the receptive field.
 *
 * <p>Implementations are immutable. An initializer that carries its own seed ignores the generator
 * it is given, so a seeded initializer always produces the same tensor.
 */
public interface Initializer {

    /**
     * A new tensor of the given shape.
     *
     * @param shape the weight's shape, e.g. {@code [inputs, units]} for a dense kernel
     * @param random the source of randomness, unless the initializer has its own seed
     * @return a new tensor
     */
    Tensor initialize(Shape shape, RandomGenerator random);

    /**
     * This initializer with its own seed: {@link #initialize} then ignores the generator it is
     * passed and returns the same tensor on every call. Deterministic initializers (constants)
     * have nothing to seed and return themselves; random ones override this.
     *
     * @param seed the seed
     * @return the seeded initializer
     */
    default Initializer withSeed(long seed) {
        return this;
    }
}
