package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.EluLayerConfig;
import java.util.List;

/**
 * {@code ELU}: {@code alpha}, default 1. TF.js 4.22 throws for any other alpha, so only alpha 1 is
 * written there. The mask passes through in Keras and is dropped in TF.js.
 */
final class EluCodec implements KerasLayerCodec<EluLayerConfig> {
    @Override
    public List<String> classNames() {
        return List.of("ELU");
    }

    @Override
    public Class<EluLayerConfig> configType() {
        return EluLayerConfig.class;
    }

    @Override
    public EluLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        double alpha = c.get("alpha").asDouble(1.0);
        if (!Double.isFinite(alpha)) {
            throw c.get("alpha").expected("a finite alpha");
        }
        return new EluLayerConfig(alpha, !ctx.is(KerasDialect.TFJS), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(EluLayerConfig e, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && (d != KerasDialect.TFJS || e.alpha() == 1.0);
    }

    @Override
    public ObjectNode write(EluLayerConfig e, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(e, ctx.dialect())) {
            throw ctx.at("alpha").error("layer '" + ctx.name() + "' (ELU) has alpha " + e.alpha()
                    + "; TF.js 4.22 supports only alpha 1");
        }
        ObjectNode c = ctx.header();
        c.put("alpha", e.alpha());
        return c;
    }

    @Override
    public List<String> weightNames(EluLayerConfig config) {
        return List.of();
    }
}
