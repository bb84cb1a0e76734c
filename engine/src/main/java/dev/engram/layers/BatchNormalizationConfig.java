package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link BatchNormalization} layer (features on the last axis). Create with
 * {@link Layers#batchNormalization()}.
 *
 * @param momentum                  weight of the old moving statistics, default 0.99, in [0, 1]
 * @param epsilon                   added to the variance, default 1e-3 (TF.js and Keras)
 * @param center                    add the learned offset {@code beta}, default true
 * @param scale                     multiply by the learned {@code gamma}, default true
 * @param betaInitializer           default zeros
 * @param gammaInitializer          default ones
 * @param movingMeanInitializer     default zeros
 * @param movingVarianceInitializer default ones
 * @param name                      null for an automatic name
 * @param inputShape                per-sample input shape, first layer only
 */
public record BatchNormalizationConfig(double momentum, double epsilon, boolean center, boolean scale,
        Initializer betaInitializer, Initializer gammaInitializer, Initializer movingMeanInitializer,
        Initializer movingVarianceInitializer, String name, Shape inputShape) implements LayerConfig {

    /**
     * Validates the fields.
     *
     * @param momentum                  weight of the old moving statistics, default 0.99, in [0, 1]
     * @param epsilon                   added to the variance, default 1e-3 (TF.js and Keras)
     * @param center                    add the learned offset {@code beta}, default true
     * @param scale                     multiply by the learned {@code gamma}, default true
     * @param betaInitializer           default zeros
     * @param gammaInitializer          default ones
     * @param movingMeanInitializer     default zeros
     * @param movingVarianceInitializer default ones
     * @param name                      null for an automatic name
     * @param inputShape                per-sample input shape, first layer only
     */
    public BatchNormalizationConfig {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization momentum must be in [0, 1], got " + momentum);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BatchNormalization epsilon must be > 0, got " + epsilon);
        }
        Objects.requireNonNull(betaInitializer, "betaInitializer");
        Objects.requireNonNull(gammaInitializer, "gammaInitializer");
        Objects.requireNonNull(movingMeanInitializer, "movingMeanInitializer");
        Objects.requireNonNull(movingVarianceInitializer, "movingVarianceInitializer");
    }

    /**
     * The TF.js defaults.
     *
     * @return the configuration: momentum 0.99, epsilon 1e-3, center and scale
     */
    public static BatchNormalizationConfig defaults() {
        return new BatchNormalizationConfig(0.99, 1e-3, true, true, Initializers.zeros(), Initializers.ones(),
                Initializers.zeros(), Initializers.ones(), null, null);
    }

    /**
     * With another momentum.
     *
     * @param m the new {@code momentum}
     * @return a copy with {@code momentum} replaced
     */
    public BatchNormalizationConfig withMomentum(double m) {
        return new BatchNormalizationConfig(m, epsilon, center, scale, betaInitializer, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, name, inputShape);
    }

    /**
     * With another epsilon.
     *
     * @param e the new {@code epsilon}
     * @return a copy with {@code epsilon} replaced
     */
    public BatchNormalizationConfig withEpsilon(double e) {
        return new BatchNormalizationConfig(momentum, e, center, scale, betaInitializer, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, name, inputShape);
    }

    /**
     * With or without the offset beta.
     *
     * @param c the new {@code center}
     * @return a copy with {@code center} replaced
     */
    public BatchNormalizationConfig withCenter(boolean c) {
        return new BatchNormalizationConfig(momentum, epsilon, c, scale, betaInitializer, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, name, inputShape);
    }

    /**
     * With or without the scale gamma.
     *
     * @param s the new {@code scale}
     * @return a copy with {@code scale} replaced
     */
    public BatchNormalizationConfig withScale(boolean s) {
        return new BatchNormalizationConfig(momentum, epsilon, center, s, betaInitializer, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, name, inputShape);
    }

    /**
     * With another beta initializer.
     *
     * @param i the new {@code betaInitializer}
     * @return a copy with {@code betaInitializer} replaced
     */
    public BatchNormalizationConfig withBetaInitializer(Initializer i) {
        return new BatchNormalizationConfig(momentum, epsilon, center, scale, i, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, name, inputShape);
    }

    /**
     * With another gamma initializer.
     *
     * @param i the new {@code gammaInitializer}
     * @return a copy with {@code gammaInitializer} replaced
     */
    public BatchNormalizationConfig withGammaInitializer(Initializer i) {
        return new BatchNormalizationConfig(momentum, epsilon, center, scale, betaInitializer, i,
                movingMeanInitializer, movingVarianceInitializer, name, inputShape);
    }

    /**
     * With another moving-mean initializer.
     *
     * @param i the new {@code movingMeanInitializer}
     * @return a copy with {@code movingMeanInitializer} replaced
     */
    public BatchNormalizationConfig withMovingMeanInitializer(Initializer i) {
        return new BatchNormalizationConfig(momentum, epsilon, center, scale, betaInitializer, gammaInitializer, i,
                movingVarianceInitializer, name, inputShape);
    }

    /**
     * With another moving-variance initializer.
     *
     * @param i the new {@code movingVarianceInitializer}
     * @return a copy with {@code movingVarianceInitializer} replaced
     */
    public BatchNormalizationConfig withMovingVarianceInitializer(Initializer i) {
        return new BatchNormalizationConfig(momentum, epsilon, center, scale, betaInitializer, gammaInitializer,
                movingMeanInitializer, i, name, inputShape);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public BatchNormalizationConfig withName(String n) {
        return new BatchNormalizationConfig(momentum, epsilon, center, scale, betaInitializer, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public BatchNormalizationConfig inputShape(int... dims) {
        return new BatchNormalizationConfig(momentum, epsilon, center, scale, betaInitializer, gammaInitializer,
                movingMeanInitializer, movingVarianceInitializer, name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "batch_normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new BatchNormalization(layerName, this);
    }
}
