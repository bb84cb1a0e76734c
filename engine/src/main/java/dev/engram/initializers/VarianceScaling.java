package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Values whose variance adapts to the weight shape: {@code variance = scale / max(1, n)} where
 * {@code n} is the fan picked by {@code mode} (fans as in {@link Initializer}: {@code [in, out]}
 * for 2-D, times the receptive field {@code prod(shape[:-2])} for higher ranks, {@code shape[0]}
 * for 1-D, 1 for scalars), then drawn from {@code distribution}:
 *
 * <ul>
 *   <li>{@link Distribution#TRUNCATED_NORMAL_UNCORRECTED}: truncated normal, stddev
 *       {@code sqrt(variance)} (TF.js {@code "normal"});</li>
 *   <li>{@link Distribution#TRUNCATED_NORMAL}: truncated normal, stddev
 *       {@code sqrt(variance) / 0.87962566103423978} (Keras {@code "truncated_normal"});</li>
 *   <li>{@link Distribution#NORMAL}: normal, stddev {@code sqrt(variance)};</li>
 *   <li>{@link Distribution#UNIFORM}: uniform on {@code [-limit, limit)},
 *       {@code limit = sqrt(3 variance)}.</li>
 * </ul>
 *
 * <p>Glorot, He and LeCun initializers are instances of this (see {@link Initializers}).
 *
 * @param scale        the variance numerator; finite and {@code > 0}
 * @param mode         which fan divides the scale
 * @param distribution what to draw from
 * @param seed         own seed, or empty to draw from the generator passed to {@link #initialize}
 */
public record VarianceScaling(double scale, FanMode mode, Distribution distribution, OptionalLong seed)
        implements Initializer {
    /**
     * Keras parity: the standard deviation of a unit normal truncated to [-2, 2]
     * ({@code scipy.stats.truncnorm.std(a=-2, b=2)}); dividing by it restores the intended variance.
     */
    static final double TRUNCATED_STDDEV = 0.87962566103423978;

    /**
     * Validates the parameters.
     *
     * @param scale        the variance numerator; finite and {@code > 0}
     * @param mode         which fan divides the scale
     * @param distribution what to draw from
     * @param seed         own seed, or empty to draw from the generator passed to {@link #initialize}
     */
    public VarianceScaling {
        Sampling.requireFinite("varianceScaling", "scale", scale);
        if (scale <= 0) {
            throw new IllegalArgumentException("varianceScaling scale must be > 0, got " + scale);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(seed, "seed (use OptionalLong.empty() for none)");
    }

    /**
     * {@code scale / max(1, fan)} for the given shape.
     *
     * @param shape the weight's shape; fans are computed from it as Keras does
     * @return the variance of the distribution to draw from
     */
    public double variance(Shape shape) {
        return scale / Math.max(1.0, Fans.of(shape).select(mode));
    }

    @Override
    public Tensor initialize(Shape shape, RandomGenerator random) {
        RandomGenerator g = Sampling.generator(seed, random);
        double variance = variance(shape);
        double stddev = Math.sqrt(variance);
        return switch (distribution) {
            case TRUNCATED_NORMAL_UNCORRECTED -> Sampling.truncatedNormal(shape, 0, stddev, g);
            case TRUNCATED_NORMAL -> Sampling.truncatedNormal(shape, 0, stddev / TRUNCATED_STDDEV, g);
            case NORMAL -> Sampling.normal(shape, 0, stddev, g);
            case UNIFORM -> {
                double limit = Math.sqrt(3 * variance);
                yield Sampling.uniform(shape, -limit, limit, g);
            }
        };
    }

    @Override
    public VarianceScaling withSeed(long newSeed) {
        return new VarianceScaling(scale, mode, distribution, OptionalLong.of(newSeed));
    }
}
