package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Normally distributed values (Keras/TF.js {@code RandomNormal}; their defaults are
 * {@code mean 0, stddev 0.05}).
 *
 * @param mean   mean; finite
 * @param stddev standard deviation; finite and {@code >= 0}
 * @param seed   own seed, or empty to draw from the generator passed to {@link #initialize}
 */
public record RandomNormal(double mean, double stddev, OptionalLong seed) implements Initializer {

    /**
     * Validates the parameters.
     *
     * @param mean   mean; finite
     * @param stddev standard deviation; finite and {@code >= 0}
     * @param seed   own seed, or empty to draw from the generator passed to {@link #initialize}
     */
    public RandomNormal {
        Sampling.requireFinite("randomNormal", "mean", mean);
        Sampling.requireStddev("randomNormal", stddev);
        Objects.requireNonNull(seed, "seed (use OptionalLong.empty() for none)");
    }

    @Override
    public Tensor initialize(Shape shape, RandomGenerator random) {
        return Sampling.normal(shape, mean, stddev, Sampling.generator(seed, random));
    }

    @Override
    public RandomNormal withSeed(long newSeed) {
        return new RandomNormal(mean, stddev, OptionalLong.of(newSeed));
    }
}
