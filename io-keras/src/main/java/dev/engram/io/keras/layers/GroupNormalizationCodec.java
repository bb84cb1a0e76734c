package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.layers.GroupNormalizationConfig;
import java.util.List;

/**
 * {@code GroupNormalization} (tf-keras 2.11+ and Keras 3; not in TF.js): {@code groups} (default 32, -1 for one
 * per channel), {@code axis} (one axis, default -1), {@code epsilon} (1e-3), {@code center}, {@code scale} and
 * the initializers; regularizers and constraints are refused, as for Engram's other normalization layers.
 * Weights: gamma when scaling, then beta when centering.
 */
final class GroupNormalizationCodec extends AbstractKerasLayerCodec<GroupNormalizationConfig> {
    private static final String CLS = "GroupNormalization";

    GroupNormalizationCodec() {
        super(GroupNormalizationConfig.class, CLS);
    }

    @Override
    public GroupNormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        String name = ctx.name();
        for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            ConfigKeys.refuse(c, name, CLS, key, "Engram's normalization layers have no regularizers or constraints");
        }
        ConfigNode axis = c.get("axis");
        List<Integer> axes = SequenceKeys.ints(axis, Integer.MIN_VALUE);
        if (axes.size() > 1 || axes.contains(0)) {
            throw axis.expected("one non-batch axis");
        }
        ConfigNode groups = c.get("groups");
        int g = groups.isNullOrMissing() ? 32 : groups.json().isIntegralNumber() && groups.json().asInt() == -1 ? -1
                : groups.asInt(1);
        try {
            return new GroupNormalizationConfig(g, axes.isEmpty() ? -1 : axes.get(0), c.get("epsilon").asDouble(1e-3),
                    c.get("center").asBoolean(true), c.get("scale").asBoolean(true),
                    KerasInitializers.read(c.get("beta_initializer"), d),
                    KerasInitializers.read(c.get("gamma_initializer"), d), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error(CLS + " '" + name + "': " + e.getMessage());
        }
    }

    @Override
    public boolean writes(GroupNormalizationConfig config, KerasDialect d) {
        return d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3;
    }

    @Override
    public ObjectNode write(GroupNormalizationConfig gn, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(gn, d)) {
            throw ctx.at("groups").error("layer '" + ctx.name() + "' (" + CLS + ") has no " + d
                    + " form: TF.js 4.22 has no GroupNormalization layer");
        }
        ObjectNode c = ctx.header();
        c.put("groups", gn.groups());
        c.put("axis", gn.axis());
        c.put("epsilon", gn.epsilon());
        c.put("center", gn.center());
        c.put("scale", gn.scale());
        c.set("beta_initializer", KerasInitializers.write(gn.betaInitializer(), d, ctx.at("beta_initializer")));
        c.set("gamma_initializer", KerasInitializers.write(gn.gammaInitializer(), d, ctx.at("gamma_initializer")));
        ConfigKeys.nulls(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        return c;
    }

    @Override
    public List<String> weightNames(GroupNormalizationConfig config) {
        return ConfigKeys.normalizationWeights(config.scale(), config.center());
    }
}
