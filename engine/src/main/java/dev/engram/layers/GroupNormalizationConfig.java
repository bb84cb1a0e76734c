package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link GroupNormalization} layer (Keras 3 and tf-keras {@code GroupNormalization}, Wu and
 * He 2018; not in TF.js). Create with {@link Layers#groupNormalization(int)}.
 *
 * @param groups number of channel groups, dividing the channels; -1 for one group per channel; default 32 (Keras)
 * @param axis the channel axis of the input with the batch as axis 0 (negative counts from the end); default -1
 * @param epsilon added to each group's variance, default 1e-3
 * @param center add the learned per-channel offset {@code beta}, default true
 * @param scale multiply by the learned per-channel {@code gamma}, default true
 * @param betaInitializer default zeros
 * @param gammaInitializer default ones
 * @param name null for an automatic name
 * @param inputShape per-sample input shape, first layer only
 */
public record GroupNormalizationConfig(int groups, int axis, double epsilon, boolean center, boolean scale, Initializer betaInitializer, Initializer gammaInitializer, String name, Shape inputShape) implements LayerConfig<GroupNormalizationConfig> {

    /**
     * Validates the fields.
     *
     * @param groups number of channel groups, dividing the channels; -1 for one group per channel; default 32 (Keras)
     * @param axis the channel axis of the input with the batch as axis 0 (negative counts from the end); default -1
     * @param epsilon added to each group's variance, default 1e-3
     * @param center add the learned per-channel offset {@code beta}, default true
     * @param scale multiply by the learned per-channel {@code gamma}, default true
     * @param betaInitializer default zeros
     * @param gammaInitializer default ones
     * @param name null for an automatic name
     * @param inputShape per-sample input shape, first layer only
     */
    public GroupNormalizationConfig {
        if (groups == 0 || groups < -1) {
            throw new IllegalArgumentException("GroupNormalization groups must be > 0 or -1 (one per channel), got "
                    + groups);
        }
        if (axis == 0) {
            throw new IllegalArgumentException("GroupNormalization cannot use the batch axis 0 as channels");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("GroupNormalization epsilon must be > 0, got " + epsilon);
        }
        Objects.requireNonNull(betaInitializer, "betaInitializer");
        Objects.requireNonNull(gammaInitializer, "gammaInitializer");
    }

    /**
     * Keras defaults with {@code groups} groups.
     *
     * @param groups number of channel groups, or -1 for one per channel
     * @return the configuration
     */
    public static GroupNormalizationConfig of(int groups) {
        return new GroupNormalizationConfig(groups, -1, 1e-3, true, true, Initializers.zeros(), Initializers.ones(),
                null, null);
    }

    /**
     * With another {@code axis}.
     *
     * @param v the new {@code axis}: the channel axis of the input with the batch as axis 0 (negative counts from the end); default -1
     * @return a copy with {@code axis} replaced
     */
    public GroupNormalizationConfig withAxis(int v) {
        return new GroupNormalizationConfig(groups, v, epsilon, center, scale, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * With another {@code epsilon}.
     *
     * @param v the new {@code epsilon}: added to each group's variance, default 1e-3
     * @return a copy with {@code epsilon} replaced
     */
    public GroupNormalizationConfig withEpsilon(double v) {
        return new GroupNormalizationConfig(groups, axis, v, center, scale, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * With another {@code center}.
     *
     * @param v the new {@code center}: add the learned per-channel offset {@code beta}, default true
     * @return a copy with {@code center} replaced
     */
    public GroupNormalizationConfig withCenter(boolean v) {
        return new GroupNormalizationConfig(groups, axis, epsilon, v, scale, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * With another {@code scale}.
     *
     * @param v the new {@code scale}: multiply by the learned per-channel {@code gamma}, default true
     * @return a copy with {@code scale} replaced
     */
    public GroupNormalizationConfig withScale(boolean v) {
        return new GroupNormalizationConfig(groups, axis, epsilon, center, v, betaInitializer, gammaInitializer, name, inputShape);
    }

    /**
     * With another {@code betaInitializer}.
     *
     * @param v the new {@code betaInitializer}: default zeros
     * @return a copy with {@code betaInitializer} replaced
     */
    public GroupNormalizationConfig withBetaInitializer(Initializer v) {
        return new GroupNormalizationConfig(groups, axis, epsilon, center, scale, v, gammaInitializer, name, inputShape);
    }

    /**
     * With another {@code gammaInitializer}.
     *
     * @param v the new {@code gammaInitializer}: default ones
     * @return a copy with {@code gammaInitializer} replaced
     */
    public GroupNormalizationConfig withGammaInitializer(Initializer v) {
        return new GroupNormalizationConfig(groups, axis, epsilon, center, scale, betaInitializer, v, name, inputShape);
    }

    @Override
    public GroupNormalizationConfig withIdentity(LayerIdentity id) {
        return new GroupNormalizationConfig(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "group_normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new GroupNormalization(layerName, this);
    }
}
