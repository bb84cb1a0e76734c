package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of a {@link BatchNormalization} layer (features on the last axis unless {@code axis} says
 * otherwise). Create with {@link Layers#batchNormalization()}.
 *
 * @param momentum                  weight of the old moving statistics, default 0.99, in [0, 1]
 * @param epsilon                   added to the variance, default 1e-3 (TF.js and Keras)
 * @param center                    add the learned offset {@code beta}, default true
 * @param scale                     multiply by the learned {@code gamma}, default true
 * @param betaInitializer           default zeros
 * @param gammaInitializer          default ones
 * @param movingMeanInitializer     default zeros
 * @param movingVarianceInitializer default ones
 * @param axis                      the feature axis, counted with the batch as axis 0 (negative counts from the
 *                                  end), as Keras and TF.js write it; default -1
 * @param name                      null for an automatic name
 * @param inputShape                per-sample input shape, first layer only
 */
public record BatchNormalizationConfig(double momentum, double epsilon, boolean center, boolean scale,
        Initializer betaInitializer, Initializer gammaInitializer, Initializer movingMeanInitializer,
        Initializer movingVarianceInitializer, int axis, String name, Shape inputShape)
                implements LayerConfig<BatchNormalizationConfig> {

    /**
     * A configuration over the last axis.
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
    public BatchNormalizationConfig(double momentum, double epsilon, boolean center, boolean scale,
            Initializer betaInitializer, Initializer gammaInitializer, Initializer movingMeanInitializer,
            Initializer movingVarianceInitializer, String name, Shape inputShape) {
        this(momentum, epsilon, center, scale, betaInitializer, gammaInitializer, movingMeanInitializer,
                movingVarianceInitializer, -1, name, inputShape);
    }

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
     * @param axis                      the feature axis (batch = 0; negative from the end), default -1
     * @param name                      null for an automatic name
     * @param inputShape                per-sample input shape, first layer only
     */
    public BatchNormalizationConfig {
        if (axis == 0) {
            throw new IllegalArgumentException("BatchNormalization cannot use the batch axis 0 as its feature axis");
        }
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
     * {@return a copy with another momentum}
     * @param m the new {@code momentum}
     */
    public BatchNormalizationConfig withMomentum(double m) {
        return edit(w -> w.momentum = m);
    }

    /**
     * {@return a copy with another epsilon}
     * @param e the new {@code epsilon}
     */
    public BatchNormalizationConfig withEpsilon(double e) {
        return edit(w -> w.epsilon = e);
    }

    /**
     * {@return a copy with or without the offset beta}
     * @param c the new {@code center}
     */
    public BatchNormalizationConfig withCenter(boolean c) {
        return edit(w -> w.center = c);
    }

    /**
     * {@return a copy with or without the scale gamma}
     * @param s the new {@code scale}
     */
    public BatchNormalizationConfig withScale(boolean s) {
        return edit(w -> w.scale = s);
    }

    /**
     * {@return a copy with another beta initializer}
     * @param i the new {@code betaInitializer}
     */
    public BatchNormalizationConfig withBetaInitializer(Initializer i) {
        return edit(w -> w.betaInitializer = i);
    }

    /**
     * {@return a copy with another gamma initializer}
     * @param i the new {@code gammaInitializer}
     */
    public BatchNormalizationConfig withGammaInitializer(Initializer i) {
        return edit(w -> w.gammaInitializer = i);
    }

    /**
     * {@return a copy with another moving-mean initializer}
     * @param i the new {@code movingMeanInitializer}
     */
    public BatchNormalizationConfig withMovingMeanInitializer(Initializer i) {
        return edit(w -> w.movingMeanInitializer = i);
    }

    /**
     * {@return a copy with another moving-variance initializer}
     * @param i the new {@code movingVarianceInitializer}
     */
    public BatchNormalizationConfig withMovingVarianceInitializer(Initializer i) {
        return edit(w -> w.movingVarianceInitializer = i);
    }

    /**
     * {@return a copy over another feature axis}
     * @param a the new {@code axis}: batch = 0, negative counts from the end
     */
    public BatchNormalizationConfig withAxis(int a) {
        return edit(w -> w.axis = a);
    }

    @Override
    public BatchNormalizationConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "batch_normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new BatchNormalization(layerName, this);
    }

    private BatchNormalizationConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        double momentum = BatchNormalizationConfig.this.momentum;
        double epsilon = BatchNormalizationConfig.this.epsilon;
        boolean center = BatchNormalizationConfig.this.center;
        boolean scale = BatchNormalizationConfig.this.scale;
        Initializer betaInitializer = BatchNormalizationConfig.this.betaInitializer;
        Initializer gammaInitializer = BatchNormalizationConfig.this.gammaInitializer;
        Initializer movingMeanInitializer = BatchNormalizationConfig.this.movingMeanInitializer;
        Initializer movingVarianceInitializer = BatchNormalizationConfig.this.movingVarianceInitializer;
        int axis = BatchNormalizationConfig.this.axis;
        String name = BatchNormalizationConfig.this.name;
        Shape inputShape = BatchNormalizationConfig.this.inputShape;

        BatchNormalizationConfig build() {
            return new BatchNormalizationConfig(momentum, epsilon, center, scale, betaInitializer, gammaInitializer,
                    movingMeanInitializer, movingVarianceInitializer, axis, name, inputShape);
        }
    }
}
