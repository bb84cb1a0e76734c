package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Configuration of a {@link Normalization} layer (Keras 3 / tf-keras {@code Normalization}; TF.js
 * has none). Create with {@link Layers#normalization()}.
 *
 * @param axes       the kept axes, Keras-style: 0 is the batch axis, negative counts from the end;
 *                   one mean and variance per position of these axes (default {@code [-1]}, one per
 *                   feature; empty for one mean and variance over everything)
 * @param mean       the mean given up front (one value, or one per kept position, row-major), or null
 *                   to hold {@code mean}, {@code variance} and {@code count} as weights set by
 *                   {@link Normalization#adapt} or a file
 * @param variance   the variance given with {@code mean}, or null
 * @param invert     apply the inverse, {@code mean + x * sqrt(variance)}
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record NormalizationConfig(List<Integer> axes, float[] mean, float[] variance, boolean invert, String name,
        Shape inputShape) implements LayerConfig<NormalizationConfig> {

    /**
     * Validates that mean and variance come together, with equal lengths and non-negative variances.
     *
     * @param axes       the kept axes
     * @param mean       the given mean, or null
     * @param variance   the given variance, or null
     * @param invert     whether to invert
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public NormalizationConfig {
        axes = List.copyOf(axes);
        if ((mean == null) != (variance == null)) {
            throw new IllegalArgumentException("Normalization mean and variance must be given together, got mean "
                    + Arrays.toString(mean) + " and variance " + Arrays.toString(variance));
        }
        if (mean != null) {
            if (mean.length != variance.length || mean.length == 0) {
                throw new IllegalArgumentException("Normalization mean and variance must have the same, non-zero length,"
                        + " got " + mean.length + " and " + variance.length);
            }
            for (float v : variance) {
                if (!(v >= 0)) {
                    throw new IllegalArgumentException("Normalization variance must be >= 0, got " + Arrays.toString(variance));
                }
            }
            mean = mean.clone();
            variance = variance.clone();
        }
    }

    /**
     * With the statistics given up front (no weights, no adapt).
     *
     * @param m the mean: one value, or one per kept position
     * @param v the variance, as long as {@code m}
     * @return a copy
     */
    public NormalizationConfig withMeanAndVariance(float[] m, float[] v) {
        return new NormalizationConfig(axes, m, v, invert, name, inputShape);
    }

    /**
     * With other kept axes.
     *
     * @param a the kept axes (0 = batch); none for one statistic over everything
     * @return a copy
     */
    public NormalizationConfig withAxes(int... a) {
        return new NormalizationConfig(Arrays.stream(a).boxed().toList(), mean, variance, invert, name, inputShape);
    }

    /**
     * With or without inversion.
     *
     * @param i whether to compute {@code mean + x * sqrt(variance)}
     * @return a copy
     */
    public NormalizationConfig withInvert(boolean i) {
        return new NormalizationConfig(axes, mean, variance, i, name, inputShape);
    }

    @Override
    public float[] mean() {
        return mean == null ? null : mean.clone();
    }

    @Override
    public float[] variance() {
        return variance == null ? null : variance.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizationConfig c && axes.equals(c.axes) && Arrays.equals(mean, c.mean)
                && Arrays.equals(variance, c.variance) && invert == c.invert && java.util.Objects.equals(name, c.name)
                && java.util.Objects.equals(inputShape, c.inputShape);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(axes, Arrays.hashCode(mean), Arrays.hashCode(variance), invert, name, inputShape);
    }

    @Override
    public String toString() {
        return "NormalizationConfig[axes=" + axes + ", mean=" + Arrays.toString(mean) + ", variance="
                + Arrays.toString(variance) + ", invert=" + invert + ", name=" + name + ", inputShape=" + inputShape + "]";
    }

    @Override
    public NormalizationConfig withIdentity(LayerIdentity id) {
        return new NormalizationConfig(axes, mean, variance, invert, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new Normalization(layerName, this);
    }
}
