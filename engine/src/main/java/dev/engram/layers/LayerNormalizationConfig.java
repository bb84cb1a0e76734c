package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link LayerNormalization} layer (normalisation over the last axis). Create
 * with {@link Layers#layerNormalization()}.
 *
 * @param epsilon          added to the variance, default 1e-3 (TF.js and Keras)
 * @param center           add the learned offset {@code beta}, default true
 * @param scale            multiply by the learned {@code gamma}, default true
 * @param betaInitializer  default zeros
 * @param gammaInitializer default ones
 * @param name             null for an automatic name
 * @param inputShape       per-sample input shape, first layer only
 */
public record LayerNormalizationConfig(double epsilon, boolean center, boolean scale, Initializer betaInitializer,
        Initializer gammaInitializer, String name, Shape inputShape) implements LayerConfig<LayerNormalizationConfig> {

    /**
     * Validates the fields.
     *
     * @param epsilon          added to the variance, default 1e-3 (TF.js and Keras)
     * @param center           add the learned offset {@code beta}, default true
     * @param scale            multiply by the learned {@code gamma}, default true
     * @param betaInitializer  default zeros
     * @param gammaInitializer default ones
     * @param name             null for an automatic name
     * @param inputShape       per-sample input shape, first layer only
     */
    public LayerNormalizationConfig {
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
        return new LayerNormalizationConfig(1e-3, true, true, Initializers.zeros(), Initializers.ones(), null, null);
    }

    /**
     * {@return a copy with another epsilon}
     * @param e the new {@code epsilon}
     */
    public LayerNormalizationConfig withEpsilon(double e) {
        return new LayerNormalizationConfig(e, center, scale, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * {@return a copy with or without the offset beta}
     * @param c the new {@code center}
     */
    public LayerNormalizationConfig withCenter(boolean c) {
        return new LayerNormalizationConfig(epsilon, c, scale, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * {@return a copy with or without the scale gamma}
     * @param s the new {@code scale}
     */
    public LayerNormalizationConfig withScale(boolean s) {
        return new LayerNormalizationConfig(epsilon, center, s, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * {@return a copy with another beta initializer}
     * @param i the new {@code betaInitializer}
     */
    public LayerNormalizationConfig withBetaInitializer(Initializer i) {
        return new LayerNormalizationConfig(epsilon, center, scale, i, gammaInitializer, name, inputShape);
    }

    /**
     * {@return a copy with another gamma initializer}
     * @param i the new {@code gammaInitializer}
     */
    public LayerNormalizationConfig withGammaInitializer(Initializer i) {
        return new LayerNormalizationConfig(epsilon, center, scale, betaInitializer, i, name, inputShape);
    }

    @Override
    public LayerNormalizationConfig withIdentity(LayerIdentity id) {
        return new LayerNormalizationConfig(epsilon, center, scale, betaInitializer, gammaInitializer, id.name(),
                id.inputShape());
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
