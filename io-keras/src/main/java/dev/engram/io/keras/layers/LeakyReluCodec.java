package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.LeakyReluLayerConfig;
import java.util.List;

/**
 * {@code LeakyReLU}: {@code alpha} (TF.js, Keras 2) or {@code negative_slope} (Keras 3), default 0.3.
 * The mask passes through in Keras and is dropped in TF.js, so the config records the origin.
 */
final class LeakyReluCodec implements KerasLayerCodec<LeakyReluLayerConfig> {
    @Override
    public List<String> classNames() {
        return List.of("LeakyReLU");
    }

    @Override
    public Class<LeakyReluLayerConfig> configType() {
        return LeakyReluLayerConfig.class;
    }

    @Override
    public LeakyReluLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode a = c.has("negative_slope") ? c.get("negative_slope") : c.get("alpha");
        double alpha = a.asDouble(0.3);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw a.expected("a finite slope >= 0");
        }
        return new LeakyReluLayerConfig(alpha, !ctx.is(KerasDialect.TFJS), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(LeakyReluLayerConfig l, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put(ctx.dialect().isKeras3() ? "negative_slope" : "alpha", l.alpha());
        return c;
    }

    @Override
    public List<String> weightNames(LeakyReluLayerConfig config) {
        return List.of();
    }
}
