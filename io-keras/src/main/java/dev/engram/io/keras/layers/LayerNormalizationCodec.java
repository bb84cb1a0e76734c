package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.layers.LayerNormalizationConfig;
import java.util.ArrayList;
import java.util.List;

/** {@code LayerNormalization} over the last axis: epsilon, center, scale; RMS scaling is refused. */
final class LayerNormalizationCodec extends AbstractKerasLayerCodec<LayerNormalizationConfig> {
    LayerNormalizationCodec() {
        super(LayerNormalizationConfig.class, "LayerNormalization");
    }

    @Override
    public LayerNormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        ConfigKeys.normalization(c, ctx);
        if (c.get("rms_scaling").asBoolean(false)) {
            ConfigKeys.refuse(c, name, "LayerNormalization", "rms_scaling", "Engram has no RMS scaling");
        }
        try {
            return new LayerNormalizationConfig(c.get("epsilon").asDouble(1e-3), c.get("center").asBoolean(true),
                    c.get("scale").asBoolean(true), KerasInitializers.read(c.get("beta_initializer"), d),
                    KerasInitializers.read(c.get("gamma_initializer"), d), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error("LayerNormalization '" + name + "': " + e.getMessage());
        }
    }

    @Override
    public ObjectNode write(LayerNormalizationConfig ln, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ObjectNode c = ctx.header();
        c.put("axis", -1);
        c.put("epsilon", ln.epsilon());
        c.put("center", ln.center());
        c.put("scale", ln.scale());
        c.set("beta_initializer", KerasInitializers.write(ln.betaInitializer(), d, ctx.at("beta_initializer")));
        c.set("gamma_initializer", KerasInitializers.write(ln.gammaInitializer(), d, ctx.at("gamma_initializer")));
        ConfigKeys.nulls(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        return c;
    }

    @Override
    public List<String> weightNames(LayerNormalizationConfig config) {
        List<String> out = new ArrayList<>();
        if (config.scale()) {
            out.add("gamma");
        }
        if (config.center()) {
            out.add("beta");
        }
        return out;
    }
}
