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
public record NormalizationConfig(List<Integer> axes, List<Float> mean, List<Float> variance, boolean invert, String name,
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
                    + mean + " and variance " + variance);
        }
        if (mean != null) {
            mean = List.copyOf(mean);
            variance = List.copyOf(variance);
            if (mean.size() != variance.size() || mean.isEmpty()) {
                throw new IllegalArgumentException("Normalization mean and variance must have the same, non-zero length,"
                        + " got " + mean.size() + " and " + variance.size());
            }
            for (float v : variance) {
                if (!(v >= 0)) {
                    throw new IllegalArgumentException("Normalization variance must be >= 0, got " + variance);
                }
            }
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
        return new NormalizationConfig(axes, boxed(m), boxed(v), invert, name, inputShape);
    }

    private static List<Float> boxed(float[] v) {
        if (v == null) {
            return null;
        }
        java.util.ArrayList<Float> out = new java.util.ArrayList<>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
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
