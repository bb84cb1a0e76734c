package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.layers.LayerNormalizationConfig;
import java.util.List;

/**
 * {@code LayerNormalization} over one axis or several ({@code axis}: an integer or a list, the last by default),
 * epsilon, center, scale, and Keras 3's {@code rms_scaling} (no other dialect can say it: refused when writing one).
 */
final class LayerNormalizationCodec extends AbstractKerasLayerCodec<LayerNormalizationConfig> {
    LayerNormalizationCodec() {
        super(LayerNormalizationConfig.class, "LayerNormalization");
    }

    @Override
    public LayerNormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        List<Integer> axes = ConfigKeys.normalization(c, ctx);
        try {
            return new LayerNormalizationConfig(c.get("epsilon").asDouble(1e-3), c.get("center").asBoolean(true),
                    c.get("scale").asBoolean(true), KerasInitializers.read(c.get("beta_initializer"), d),
                    KerasInitializers.read(c.get("gamma_initializer"), d), axes, c.get("rms_scaling").asBoolean(false),
                    name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error("LayerNormalization '" + name + "': " + e.getMessage());
        }
    }

    @Override
    public boolean writes(LayerNormalizationConfig ln, KerasDialect d) {
        return !ln.rmsScaling() || d.isKeras3();
    }

    @Override
    public ObjectNode write(LayerNormalizationConfig ln, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(ln, d)) {
            throw ctx.at("rms_scaling").error("layer '" + ctx.name() + "' (LayerNormalization) uses Keras 3's"
                    + " rms_scaling, which " + d + " has no form for");
        }
        ObjectNode c = ctx.header();
        if (ln.axes().size() == 1) {
            c.put("axis", ln.axes().get(0));
        } else {
            c.set("axis", SequenceKeys.list(ln.axes()));
        }
        c.put("epsilon", ln.epsilon());
        c.put("center", ln.center());
        c.put("scale", ln.scale());
        c.set("beta_initializer", KerasInitializers.write(ln.betaInitializer(), d, ctx.at("beta_initializer")));
        c.set("gamma_initializer", KerasInitializers.write(ln.gammaInitializer(), d, ctx.at("gamma_initializer")));
        ConfigKeys.nulls(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        if (d.isKeras3()) {
            c.put("rms_scaling", ln.rmsScaling());
        }
        return c;
    }

    @Override
    public List<String> weightNames(LayerNormalizationConfig config) {
        return ConfigKeys.normalizationWeights(config.scale() || config.rmsScaling(),
                config.center() && !config.rmsScaling());
    }
}
