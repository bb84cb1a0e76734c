package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of a {@link ReluLayer} (Keras and TF.js {@code ReLU}). Create with
 * {@link Layers#relu()}. Defaults (both): no maximum, negative slope 0, threshold 0.
 *
 * @param maxValue      upper bound of the output, {@code >= 0}, or null for none
 * @param negativeSlope slope below the threshold, {@code >= 0} (Keras only)
 * @param threshold     inputs at or below it take the negative slope, {@code >= 0} (Keras only)
 * @param name          null for an automatic name
 * @param inputShape    per-sample input shape (first layer only)
 */
public record ReluLayerConfig(Double maxValue, double negativeSlope, double threshold, String name, Shape inputShape)
        implements LayerConfig<ReluLayerConfig> {

    /**
     * Validates the fields as Keras does.
     *
     * @param maxValue      upper bound of the output, {@code >= 0}, or null for none
     * @param negativeSlope slope below the threshold, {@code >= 0}
     * @param threshold     inputs at or below it take the negative slope, {@code >= 0}
     * @param name          null for an automatic name
     * @param inputShape    per-sample input shape (first layer only)
     */
    public ReluLayerConfig {
        if (maxValue != null && !(maxValue >= 0)) {
            throw new IllegalArgumentException("ReLU maxValue must be >= 0, got " + maxValue);
        }
        if (!(negativeSlope >= 0) || !(threshold >= 0)) {
            throw new IllegalArgumentException("ReLU negativeSlope and threshold must be >= 0, got " + negativeSlope
                    + " and " + threshold);
        }
    }

    /**
     * With an upper bound.
     *
     * @param m the new {@code maxValue}, {@code >= 0}
     * @return a copy with {@code maxValue} replaced
     */
    public ReluLayerConfig withMaxValue(double m) {
        return new ReluLayerConfig(m, negativeSlope, threshold, name, inputShape);
    }

    /**
     * With a slope below the threshold.
     *
     * @param s the new {@code negativeSlope}, {@code >= 0}
     * @return a copy with {@code negativeSlope} replaced
     */
    public ReluLayerConfig withNegativeSlope(double s) {
        return new ReluLayerConfig(maxValue, s, threshold, name, inputShape);
    }

    /**
     * With a threshold.
     *
     * @param t the new {@code threshold}, {@code >= 0}
     * @return a copy with {@code threshold} replaced
     */
    public ReluLayerConfig withThreshold(double t) {
        return new ReluLayerConfig(maxValue, negativeSlope, t, name, inputShape);
    }

    @Override
    public ReluLayerConfig withIdentity(LayerIdentity id) {
        return new ReluLayerConfig(maxValue, negativeSlope, threshold, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "re_lu";
    }

    @Override
    public Layer create(String layerName) {
        return new ReluLayer(layerName, this);
    }
}
