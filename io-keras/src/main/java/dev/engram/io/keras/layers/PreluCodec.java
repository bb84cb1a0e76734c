package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.PreluConfig;
import java.util.List;

/**
 * {@code PReLU}: {@code alpha_initializer} (default zeros), its regularizer and constraint, and
 * {@code shared_axes} (null, one axis or a list, 1-based); one weight {@code alpha}.
 */
final class PreluCodec implements KerasLayerCodec<PreluConfig> {
    @Override
    public List<String> classNames() {
        return List.of("PReLU");
    }

    @Override
    public Class<PreluConfig> configType() {
        return PreluConfig.class;
    }

    @Override
    public PreluConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ConfigNode init = c.get("alpha_initializer");
        return new PreluConfig(init.isNullOrMissing() ? PreluConfig.defaults().alphaInitializer()
                : KerasInitializers.read(init, d), KerasWeightRules.regularizer(c.get("alpha_regularizer"), d),
                KerasWeightRules.constraint(c.get("alpha_constraint"), d), SequenceKeys.ints(c.get("shared_axes"), 1),
                ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(PreluConfig p, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ObjectNode c = ctx.header();
        c.set("alpha_initializer", KerasInitializers.write(p.alphaInitializer(), d, ctx.at("alpha_initializer")));
        c.set("alpha_regularizer", KerasWeightRules.write(p.alphaRegularizer(), d, ctx.at("alpha_regularizer")));
        c.set("alpha_constraint", KerasWeightRules.write(p.alphaConstraint(), d, ctx.at("alpha_constraint")));
        if (p.sharedAxes().isEmpty()) {
            c.putNull("shared_axes");
        } else {
            c.set("shared_axes", SequenceKeys.list(p.sharedAxes()));
        }
        return c;
    }

    @Override
    public List<String> weightNames(PreluConfig config) {
        return List.of("alpha");
    }
}
