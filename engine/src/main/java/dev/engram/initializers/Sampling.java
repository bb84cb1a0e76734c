package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Random fills shared by the random initializers. */
final class Sampling {
    /** Keras/TF truncate normal draws at this many standard deviations. */
    static final double TRUNCATION = 2.0;

    private Sampling() {
    }

    /**
     * The generator to draw from: a fresh one made from {@code seed} when there is one (so every
     * call yields the same values), else {@code given}.
     */
    static RandomGenerator generator(OptionalLong seed, RandomGenerator given) {
        if (seed.isPresent()) {
            return new SplittableRandom(seed.getAsLong());
        }
        return Objects.requireNonNull(given, "an unseeded random initializer needs a RandomGenerator");
    }

    /** Uniform on {@code [min, max)}. */
    static Tensor uniform(Shape shape, double min, double max, RandomGenerator random) {
        float[] d = new float[shape.size()];
        double width = max - min;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (min + width * random.nextDouble());
        }
        return Tensor.wrap(shape, d);
    }

    /** Normal with the given mean and standard deviation. */
    static Tensor normal(Shape shape, double mean, double stddev, RandomGenerator random) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + stddev * random.nextGaussian());
        }
        return Tensor.wrap(shape, d);
    }

    /**
     * Normal with the given mean and (pre-truncation) standard deviation, redrawing every value
     * more than {@link #TRUNCATION} standard deviations from the mean, as TF's and TF.js's
     * {@code truncatedNormal} do.
     */
    static Tensor truncatedNormal(Shape shape, double mean, double stddev, RandomGenerator random) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            double g;
            do {
                g = random.nextGaussian();
            } while (Math.abs(g) > TRUNCATION);
            d[i] = (float) (mean + stddev * g);
        }
        return Tensor.wrap(shape, d);
    }

    /** Throws unless {@code value} is finite, naming the initializer and parameter. */
    static void requireFinite(String initializer, String parameter, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(initializer + " " + parameter + " must be finite, got " + value);
        }
    }

    /** Throws unless {@code stddev} is finite and not negative. */
    static void requireStddev(String initializer, double stddev) {
        requireFinite(initializer, "stddev", stddev);
        if (stddev < 0) {
            throw new IllegalArgumentException(initializer + " stddev must be >= 0, got " + stddev);
        }
    }
}
