package dev.engram.layers;

import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.regularizers.Regularizer;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link Prelu} layer (Keras and TF.js {@code PReLU}). Create with
 * {@link Layers#prelu()}. Defaults (both): alpha initialised to zeros, no regularizer or constraint,
 * no shared axes.
 *
 * @param alphaInitializer initial values of the learned slopes
 * @param alphaRegularizer penalty on alpha added to the training loss, or null
 * @param alphaConstraint  projection of alpha after each optimizer step, or null
 * @param sharedAxes       1-based per-sample axes along which one slope is shared (e.g. {@code [1]}
 *                         for one slope per channel of a sequence); empty for one slope per element
 * @param name             null for an automatic name
 * @param inputShape       per-sample input shape (first layer only)
 */
public record PreluConfig(Initializer alphaInitializer, Regularizer alphaRegularizer, Constraint alphaConstraint,
        List<Integer> sharedAxes, String name, Shape inputShape) implements LayerConfig<PreluConfig> {

    /**
     * Validates the fields.
     *
     * @param alphaInitializer initial values of the learned slopes
     * @param alphaRegularizer penalty on alpha, or null
     * @param alphaConstraint  projection of alpha after each step, or null
     * @param sharedAxes       1-based per-sample axes sharing one slope
     * @param name             null for an automatic name
     * @param inputShape       per-sample input shape (first layer only)
     */
    public PreluConfig {
        Objects.requireNonNull(alphaInitializer, "alphaInitializer");
        sharedAxes = List.copyOf(sharedAxes);
        for (int a : sharedAxes) {
            if (a < 1) {
                throw new IllegalArgumentException("PReLU sharedAxes are 1-based per-sample axes, got " + sharedAxes);
            }
        }
    }

    /**
     * PReLU with TF.js and Keras defaults.
     *
     * @return the configuration
     */
    public static PreluConfig defaults() {
        return new PreluConfig(Initializers.zeros(), null, null, List.of(), null, null);
    }

    /**
     * With the axes sharing one slope.
     *
     * @param axes 1-based per-sample axes
     * @return a copy with {@code sharedAxes} replaced
     */
    public PreluConfig withSharedAxes(int... axes) {
        return new PreluConfig(alphaInitializer, alphaRegularizer, alphaConstraint,
                java.util.Arrays.stream(axes).boxed().toList(), name, inputShape);
    }

    /**
     * With the initial slopes.
     *
     * @param init the new {@code alphaInitializer}
     * @return a copy with {@code alphaInitializer} replaced
     */
    public PreluConfig withAlphaInitializer(Initializer init) {
        return new PreluConfig(init, alphaRegularizer, alphaConstraint, sharedAxes, name, inputShape);
    }

    /**
     * With a regularizer and a constraint on alpha.
     *
     * @param regularizer penalty on alpha, or null
     * @param constraint  projection of alpha, or null
     * @return a copy with both replaced
     */
    public PreluConfig withAlphaRules(Regularizer regularizer, Constraint constraint) {
        return new PreluConfig(alphaInitializer, regularizer, constraint, sharedAxes, name, inputShape);
    }

    @Override
    public PreluConfig withIdentity(LayerIdentity id) {
        return new PreluConfig(alphaInitializer, alphaRegularizer, alphaConstraint, sharedAxes, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "p_re_lu";
    }

    @Override
    public Layer create(String layerName) {
        return new Prelu(layerName, this);
    }
}
