package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Uniform values on {@code [minval, maxval)} (Keras/TF.js {@code RandomUniform}; their defaults
 * are {@code -0.05, 0.05}).
 *
 * @param minval lower bound, inclusive; finite
 * @param maxval upper bound, exclusive; finite and {@code >= minval}
 * @param seed   own seed, or empty to draw from the generator passed to {@link #initialize}
 */
public record RandomUniform(double minval, double maxval, OptionalLong seed) implements Initializer {

    /**
     * Validates the bounds.
     *
     * @param minval lower bound, inclusive; finite
     * @param maxval upper bound, exclusive; finite and {@code >= minval}
     * @param seed   own seed, or empty to draw from the generator passed to {@link #initialize}
     */
    public RandomUniform {
        Sampling.requireFinite("randomUniform", "minval", minval);
        Sampling.requireFinite("randomUniform", "maxval", maxval);
        if (minval > maxval) {
            throw new IllegalArgumentException("randomUniform minval must be <= maxval, got minval "
                    + minval + " > maxval " + maxval);
        }
        Objects.requireNonNull(seed, "seed (use OptionalLong.empty() for none)");
    }

    @Override
    public Tensor initialize(Shape shape, RandomGenerator random) {
        return Sampling.uniform(shape, minval, maxval, Sampling.generator(seed, random));
    }

    @Override
    public RandomUniform withSeed(long newSeed) {
        return new RandomUniform(minval, maxval, OptionalLong.of(newSeed));
    }
}
