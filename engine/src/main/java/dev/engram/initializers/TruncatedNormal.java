package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Normal values with every draw more than 2 standard deviations from the mean redrawn (Keras/TF.js
 * {@code TruncatedNormal}; their defaults are {@code mean 0, stddev 0.05}). {@code stddev} is the
 * parameter of the normal before truncation; the values drawn have a standard deviation of about
 * {@code 0.88 * stddev}.
 *
 * @param mean   mean; finite
 * @param stddev standard deviation before truncation; finite and {@code >= 0}
 * @param seed   own seed, or empty to draw from the generator passed to {@link #initialize}
 */
public record TruncatedNormal(double mean, double stddev, OptionalLong seed) implements Initializer {

    /**
     * Validates the parameters.
     *
     * @param mean   mean; finite
     * @param stddev standard deviation before truncation; finite and {@code >= 0}
     * @param seed   own seed, or empty to draw from the generator passed to {@link #initialize}
     */
    public TruncatedNormal {
        Sampling.requireFinite("truncatedNormal", "mean", mean);
        Sampling.requireStddev("truncatedNormal", stddev);
        Objects.requireNonNull(seed, "seed (use OptionalLong.empty() for none)");
    }

    @Override
    public Tensor initialize(Shape shape, RandomGenerator random) {
        return Sampling.truncatedNormal(shape, mean, stddev, Sampling.generator(seed, random));
    }

    @Override
    public TruncatedNormal withSeed(long newSeed) {
        return new TruncatedNormal(mean, stddev, OptionalLong.of(newSeed));
    }
}
