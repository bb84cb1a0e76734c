package dev.engram.io.keras.layers;

import dev.engram.activations.Activation;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.regularizers.Regularizer;

/**
 * The keys a separable convolution entry (1-D or 2-D) has beside its window and data format, as read:
 * activation, bias switch and the three weights' initializers, regularizers and constraints.
 *
 * @param activation           {@code activation}
 * @param useBias              {@code use_bias}
 * @param depthwiseInitializer {@code depthwise_initializer}
 * @param pointwiseInitializer {@code pointwise_initializer}
 * @param biasInitializer      {@code bias_initializer}
 * @param depthwiseRegularizer {@code depthwise_regularizer}, or null
 * @param pointwiseRegularizer {@code pointwise_regularizer}, or null
 * @param biasRegularizer      {@code bias_regularizer}, or null
 * @param depthwiseConstraint  {@code depthwise_constraint}, or null
 * @param pointwiseConstraint  {@code pointwise_constraint}, or null
 * @param biasConstraint       {@code bias_constraint}, or null
 */
record SeparableKeys(Activation activation, boolean useBias, Initializer depthwiseInitializer,
        Initializer pointwiseInitializer, Initializer biasInitializer, Regularizer depthwiseRegularizer,
        Regularizer pointwiseRegularizer, Regularizer biasRegularizer, Constraint depthwiseConstraint,
        Constraint pointwiseConstraint, Constraint biasConstraint) {

    /** Reads the keys of entry config {@code c} in dialect {@code d}. */
    static SeparableKeys read(ConfigNode c, KerasDialect d) throws ModelFormatException {
        return new SeparableKeys(KerasActivations.fromName(c.get("activation"), d), c.get("use_bias").asBoolean(true),
                KerasInitializers.read(c.get("depthwise_initializer"), d),
                KerasInitializers.read(c.get("pointwise_initializer"), d),
                KerasInitializers.read(c.get("bias_initializer"), d),
                KerasWeightRules.regularizer(c.get("depthwise_regularizer"), d),
                KerasWeightRules.regularizer(c.get("pointwise_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("depthwise_constraint"), d),
                KerasWeightRules.constraint(c.get("pointwise_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d));
    }
}
