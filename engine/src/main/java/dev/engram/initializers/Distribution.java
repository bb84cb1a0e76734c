package dev.engram.initializers;

/**
 * The distribution {@link VarianceScaling} draws from, given {@code variance = scale / n} where
 * {@code n} is the fan chosen by {@link FanMode} (at least 1).
 *
 * <p>The same file-format name means different things by dialect: TF.js {@code "normal"} is
 * {@link #TRUNCATED_NORMAL_UNCORRECTED}; tf.keras 2.x and Keras 3 {@code "truncated_normal"} is
 * {@link #TRUNCATED_NORMAL}; Keras {@code "untruncated_normal"} is {@link #NORMAL};
 * {@code "uniform"} is {@link #UNIFORM} everywhere. A Keras {@code "normal"} depends on the
 * version: early Keras 2 (the {@code tf.contrib.keras} 1.1 era) documents it as uncorrected, later
 * Keras/TF treat it as the corrected truncated normal; importers decide by {@code keras_version}.
 */
public enum Distribution {
    /**
     * Normal with {@code stddev = sqrt(variance)}, values beyond 2 stddev redrawn, without
     * correcting for the variance the truncation removes (so the actual stddev is about 0.88 times
     * the nominal one). TF.js {@code "normal"}.
     */
    TRUNCATED_NORMAL_UNCORRECTED,
    /**
     * Truncated at 2 stddev like {@link #TRUNCATED_NORMAL_UNCORRECTED}, with the pre-truncation
     * stddev {@code sqrt(variance) / 0.87962566103423978} so that the drawn values have variance
     * {@code variance}. Keras {@code "truncated_normal"}.
     */
    TRUNCATED_NORMAL,
    /** Plain normal with {@code stddev = sqrt(variance)}. Keras {@code "untruncated_normal"}. */
    NORMAL,
    /** Uniform on {@code [-limit, limit)} with {@code limit = sqrt(3 * variance)}. */
    UNIFORM
}
