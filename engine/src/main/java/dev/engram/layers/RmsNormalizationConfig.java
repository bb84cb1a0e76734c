package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of an {@link RmsNormalization} layer (Keras 3 {@code RMSNormalization}; not in tf-keras 2 or TF.js
 * 4.22). Create with {@link Layers#rmsNormalization()}.
 *
 * @param axes             the normalised axes, counted with the batch axis as 0 (negative from the end); the scale
 *                         has their sizes in this order and broadcasts against the input's trailing axes, as in
 *                         Keras; default {@code [-1]}
 * @param epsilon          added to the mean square; default 1e-6 (Keras's)
 * @param scaleInitializer the scale's initializer; default ones (Keras's, which has no option for it)
 * @param name             null for an automatic name
 * @param inputShape       per-sample input shape (first layer only)
 */
public record RmsNormalizationConfig(List<Integer> axes, double epsilon, Initializer scaleInitializer, String name,
        Shape inputShape) implements LayerConfig<RmsNormalizationConfig> {

    /**
     * Validates the fields.
     *
     * @param axes             the normalised axes (batch = 0 not allowed)
     * @param epsilon          {@code >= 0}
     * @param scaleInitializer the scale's initializer
     * @param name             null for an automatic name
     * @param inputShape       per-sample input shape (first layer only)
     */
    public RmsNormalizationConfig {
        axes = List.copyOf(axes);
        if (axes.isEmpty() || axes.contains(0)) {
            throw new IllegalArgumentException("RMSNormalization axes must be non-empty and exclude the batch axis 0,"
                    + " got " + axes);
        }
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("RMSNormalization epsilon must be >= 0, got " + epsilon);
        }
        Objects.requireNonNull(scaleInitializer, "scaleInitializer");
    }

    /**
     * {@return a copy over other axes}
     * @param a the axes (batch = 0 not allowed; negative counts from the end)
     */
    public RmsNormalizationConfig withAxes(int... a) {
        return new RmsNormalizationConfig(java.util.Arrays.stream(a).boxed().toList(), epsilon, scaleInitializer, name,
                inputShape);
    }

    /**
     * {@return a copy with another epsilon}
     * @param e the new {@code epsilon}
     */
    public RmsNormalizationConfig withEpsilon(double e) {
        return new RmsNormalizationConfig(axes, e, scaleInitializer, name, inputShape);
    }

    static RmsNormalizationConfig defaults() {
        return new RmsNormalizationConfig(List.of(-1), 1e-6, Initializers.ones(), null, null);
    }

    @Override
    public RmsNormalizationConfig withIdentity(LayerIdentity id) {
        return new RmsNormalizationConfig(axes, epsilon, scaleInitializer, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "rms_normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new RmsNormalization(layerName, this);
    }
}
