package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link LayerNormalization} layer (normalisation over the last axis unless {@code axes} says
 * otherwise). Create with {@link Layers#layerNormalization()}.
 *
 * @param epsilon          added to the variance, default 1e-3 (TF.js and Keras)
 * @param center           add the learned offset {@code beta}, default true
 * @param scale            multiply by the learned {@code gamma}, default true
 * @param betaInitializer  default zeros
 * @param gammaInitializer default ones
 * @param axes             the axes normalised together, counted with the batch as axis 0 (negative from the end),
 *                         as Keras and TF.js write them; default [-1]
 * @param rmsScaling       Keras 3's {@code rms_scaling}: {@code y = x / sqrt(var + epsilon) * gamma}, without
 *                         centring and without beta; default false
 * @param name             null for an automatic name
 * @param inputShape       per-sample input shape, first layer only
 */
public record LayerNormalizationConfig(double epsilon, boolean center, boolean scale, Initializer betaInitializer,
        Initializer gammaInitializer, List<Integer> axes, boolean rmsScaling, String name, Shape inputShape)
        implements LayerConfig<LayerNormalizationConfig> {

    /**
     * A configuration over the last axis, without RMS scaling.
     *
     * @param epsilon          added to the variance, default 1e-3 (TF.js and Keras)
     * @param center           add the learned offset {@code beta}, default true
     * @param scale            multiply by the learned {@code gamma}, default true
     * @param betaInitializer  default zeros
     * @param gammaInitializer default ones
     * @param name             null for an automatic name
     * @param inputShape       per-sample input shape, first layer only
     */
    public LayerNormalizationConfig(double epsilon, boolean center, boolean scale, Initializer betaInitializer,
            Initializer gammaInitializer, String name, Shape inputShape) {
        this(epsilon, center, scale, betaInitializer, gammaInitializer, List.of(-1), false, name, inputShape);
    }

    /**
     * Validates the fields.
     *
     * @param epsilon          added to the variance, default 1e-3 (TF.js and Keras)
     * @param center           add the learned offset {@code beta}, default true
     * @param scale            multiply by the learned {@code gamma}, default true
     * @param betaInitializer  default zeros
     * @param gammaInitializer default ones
     * @param axes             the axes normalised together (batch = 0; negative from the end), default [-1]
     * @param rmsScaling       Keras 3's RMS scaling (no centring, no beta), default false
     * @param name             null for an automatic name
     * @param inputShape       per-sample input shape, first layer only
     */
    public LayerNormalizationConfig {
        axes = List.copyOf(Objects.requireNonNull(axes, "axes"));
        if (axes.isEmpty() || axes.contains(0)) {
            throw new IllegalArgumentException("LayerNormalization needs at least one non-batch axis, got " + axes);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("LayerNormalization epsilon must be > 0, got " + epsilon);
        }
        Objects.requireNonNull(betaInitializer, "betaInitializer");
        Objects.requireNonNull(gammaInitializer, "gammaInitializer");
    }

    /**
     * The TF.js defaults.
     *
     * @return the configuration
     */
    public static LayerNormalizationConfig defaults() {
        return new LayerNormalizationConfig(1e-3, true, true, Initializers.zeros(), Initializers.ones(), List.of(-1), false,
                null, null);
    }

    /**
     * {@return a copy with another epsilon}
     * @param e the new {@code epsilon}
     */
    public LayerNormalizationConfig withEpsilon(double e) {
        return new LayerNormalizationConfig(e, center, scale, betaInitializer, gammaInitializer, axes, rmsScaling, name,
                inputShape);
    }

    /**
     * {@return a copy with or without the offset beta}
     * @param c the new {@code center}
     */
    public LayerNormalizationConfig withCenter(boolean c) {
        return new LayerNormalizationConfig(epsilon, c, scale, betaInitializer, gammaInitializer, axes, rmsScaling, name,
                inputShape);
    }

    /**
     * {@return a copy with or without the scale gamma}
     * @param s the new {@code scale}
     */
    public LayerNormalizationConfig withScale(boolean s) {
        return new LayerNormalizationConfig(epsilon, center, s, betaInitializer, gammaInitializer, axes, rmsScaling, name,
                inputShape);
    }

    /**
     * {@return a copy with another beta initializer}
     * @param i the new {@code betaInitializer}
     */
    public LayerNormalizationConfig withBetaInitializer(Initializer i) {
        return new LayerNormalizationConfig(epsilon, center, scale, i, gammaInitializer, axes, rmsScaling, name, inputShape);
    }

    /**
     * {@return a copy with another gamma initializer}
     * @param i the new {@code gammaInitializer}
     */
    public LayerNormalizationConfig withGammaInitializer(Initializer i) {
        return new LayerNormalizationConfig(epsilon, center, scale, betaInitializer, i, axes, rmsScaling, name, inputShape);
    }

    /**
     * {@return a copy over other axes}
     * @param a the new {@code axes}: batch = 0, negative counts from the end
     */
    public LayerNormalizationConfig withAxes(List<Integer> a) {
        return new LayerNormalizationConfig(epsilon, center, scale, betaInitializer, gammaInitializer, a, rmsScaling, name,
                inputShape);
    }

    /**
     * {@return a copy with or without Keras 3's RMS scaling}
     * @param r the new {@code rmsScaling}
     */
    public LayerNormalizationConfig withRmsScaling(boolean r) {
        return new LayerNormalizationConfig(epsilon, center, scale, betaInitializer, gammaInitializer, axes, r, name,
                inputShape);
    }

    @Override
    public LayerNormalizationConfig withIdentity(LayerIdentity id) {
        return new LayerNormalizationConfig(epsilon, center, scale, betaInitializer, gammaInitializer, axes, rmsScaling,
                id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "layer_normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new LayerNormalization(layerName, this);
    }
}
