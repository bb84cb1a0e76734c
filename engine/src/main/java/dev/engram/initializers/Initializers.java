package dev.engram.initializers;

import java.util.OptionalLong;

/**
 * Factory for the built-in initializers. All results are immutable values with value-based
 * {@code equals}; random ones are unseeded (they draw from the generator passed to
 * {@link Initializer#initialize}) until {@link Initializer#withSeed(long)} gives them a seed.
 *
 * <p>Where Keras and TF.js define a named initializer differently, the plain name is Keras's and the
 * {@code ...Tfjs} variant is TF.js's. They differ only for the normal-distribution members of the
 * Glorot/He/LeCun family: Keras draws a truncated normal corrected to the intended variance
 * ({@link Distribution#TRUNCATED_NORMAL}), TF.js an uncorrected one
 * ({@link Distribution#TRUNCATED_NORMAL_UNCORRECTED}). The uniform members are the same in both.
 */
public final class Initializers {
    /** Keras and TF.js default bound / standard deviation for the plain random initializers. */
    private static final double DEFAULT_SPREAD = 0.05;

    private Initializers() {
    }

    /**
     * All zeros ({@code Constant(0)}); the default bias initializer.
     *
     * @return the initializer
     */
    public static Constant zeros() {
        return new Constant(0.0);
    }

    /**
     * All ones ({@code Constant(1)}).
     *
     * @return the initializer
     */
    public static Constant ones() {
        return new Constant(1.0);
    }

    /**
     * Every element {@code value}.
     *
     * @param value the value of every element
     * @return the initializer
     */
    public static Constant constant(double value) {
        return new Constant(value);
    }

    /**
     * Uniform on {@code [minval, maxval)}; throws if {@code minval > maxval}.
     *
     * @param minval lower bound, inclusive
     * @param maxval upper bound, exclusive
     * @return the initializer
     */
    public static RandomUniform randomUniform(double minval, double maxval) {
        return new RandomUniform(minval, maxval, OptionalLong.empty());
    }

    /**
     * Uniform on {@code [-0.05, 0.05)}, the Keras and TF.js defaults.
     *
     * @return the initializer
     */
    public static RandomUniform randomUniform() {
        return randomUniform(-DEFAULT_SPREAD, DEFAULT_SPREAD);
    }

    /**
     * Normal with the given mean and standard deviation; throws if {@code stddev < 0}.
     *
     * @param mean   the mean
     * @param stddev the standard deviation, {@code >= 0}
     * @return the initializer
     */
    public static RandomNormal randomNormal(double mean, double stddev) {
        return new RandomNormal(mean, stddev, OptionalLong.empty());
    }

    /**
     * Normal with mean 0 and standard deviation 0.05, the Keras and TF.js defaults.
     *
     * @return the initializer
     */
    public static RandomNormal randomNormal() {
        return randomNormal(0.0, DEFAULT_SPREAD);
    }

    /**
     * Normal truncated at 2 standard deviations (values beyond are redrawn).
     *
     * @param mean   the mean
     * @param stddev the standard deviation before truncation, {@code >= 0}
     * @return the initializer
     */
    public static TruncatedNormal truncatedNormal(double mean, double stddev) {
        return new TruncatedNormal(mean, stddev, OptionalLong.empty());
    }

    /**
     * Truncated normal with mean 0 and standard deviation 0.05, the Keras and TF.js defaults.
     *
     * @return the initializer
     */
    public static TruncatedNormal truncatedNormal() {
        return truncatedNormal(0.0, DEFAULT_SPREAD);
    }

    /**
     * Variance scaling: {@code variance = scale / fan}; see {@link VarianceScaling}.
     *
     * @param scale        multiplies the variance, {@code > 0}
     * @param mode         which fan divides the scale
     * @param distribution the distribution drawn from
     * @return the initializer
     */
    public static VarianceScaling varianceScaling(double scale, FanMode mode, Distribution distribution) {
        return new VarianceScaling(scale, mode, distribution, OptionalLong.empty());
    }

    /**
     * Glorot/Xavier uniform (Glorot and Bengio 2010): uniform on {@code ±sqrt(6 / (fanIn + fanOut))}
     * ({@code scale 1, FAN_AVG, UNIFORM}). Keras's default kernel initializer; same in TF.js.
     *
     * @return the initializer
     */
    public static VarianceScaling glorotUniform() {
        return varianceScaling(1.0, FanMode.FAN_AVG, Distribution.UNIFORM);
    }

    /**
     * Keras glorot normal: truncated normal with variance {@code 2 / (fanIn + fanOut)} after
     * truncation ({@code scale 1, FAN_AVG, TRUNCATED_NORMAL}).
     *
     * @return the initializer
     */
    public static VarianceScaling glorotNormal() {
        return varianceScaling(1.0, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL);
    }

    /**
     * TF.js glorot normal, TF.js's default Dense and LSTM kernel initializer: truncated normal with
     * stddev {@code sqrt(2 / (fanIn + fanOut))} before truncation, not corrected
     * ({@code scale 1, FAN_AVG, TRUNCATED_NORMAL_UNCORRECTED}).
     *
     * @return the initializer
     */
    public static VarianceScaling glorotNormalTfjs() {
        return varianceScaling(1.0, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL_UNCORRECTED);
    }

    /**
     * Keras He normal (He et al. 2015): truncated normal with variance {@code 2 / fanIn} after
     * truncation ({@code scale 2, FAN_IN, TRUNCATED_NORMAL}).
     *
     * @return the initializer
     */
    public static VarianceScaling heNormal() {
        return varianceScaling(2.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL);
    }

    /**
     * TF.js He normal: {@code scale 2, FAN_IN, TRUNCATED_NORMAL_UNCORRECTED}.
     *
     * @return the initializer
     */
    public static VarianceScaling heNormalTfjs() {
        return varianceScaling(2.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL_UNCORRECTED);
    }

    /**
     * He uniform: uniform on {@code ±sqrt(6 / fanIn)} ({@code scale 2, FAN_IN, UNIFORM}); Keras = TF.js.
     *
     * @return the initializer
     */
    public static VarianceScaling heUniform() {
        return varianceScaling(2.0, FanMode.FAN_IN, Distribution.UNIFORM);
    }

    /**
     * Keras LeCun normal (LeCun et al. 1998), the initializer selu expects: truncated normal with
     * variance {@code 1 / fanIn} after truncation ({@code scale 1, FAN_IN, TRUNCATED_NORMAL}).
     *
     * @return the initializer
     */
    public static VarianceScaling lecunNormal() {
        return varianceScaling(1.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL);
    }

    /**
     * TF.js LeCun normal: {@code scale 1, FAN_IN, TRUNCATED_NORMAL_UNCORRECTED}.
     *
     * @return the initializer
     */
    public static VarianceScaling lecunNormalTfjs() {
        return varianceScaling(1.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL_UNCORRECTED);
    }

    /**
     * LeCun uniform: uniform on {@code ±sqrt(3 / fanIn)} ({@code scale 1, FAN_IN, UNIFORM}); Keras = TF.js.
     *
     * @return the initializer
     */
    public static VarianceScaling lecunUniform() {
        return varianceScaling(1.0, FanMode.FAN_IN, Distribution.UNIFORM);
    }

    /**
     * A random orthogonal matrix ({@code gain 1}); the default recurrent-kernel initializer.
     *
     * @return the initializer
     */
    public static Orthogonal orthogonal() {
        return orthogonal(1.0);
    }

    /**
     * A random orthogonal matrix times {@code gain}; see {@link Orthogonal}.
     *
     * @param gain multiplies the orthogonal matrix
     * @return the initializer
     */
    public static Orthogonal orthogonal(double gain) {
        return new Orthogonal(gain, OptionalLong.empty());
    }
}
