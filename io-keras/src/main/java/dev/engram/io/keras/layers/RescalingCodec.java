package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.RescalingConfig;

/**
 * {@code Rescaling}: {@code scale} and {@code offset} (default 0) in every dialect. Keras 3 also
 * accepts per-channel lists; the engine layer takes one number each, so lists are refused.
 */
final class RescalingCodec extends AbstractKerasLayerCodec<RescalingConfig> {
    RescalingCodec() {
        super(RescalingConfig.class, "Rescaling");
    }

    private static double number(ConfigNode v, double fallback, KerasReadContext ctx) throws ModelFormatException {
        if (!v.isNullOrMissing() && !v.json().isNumber()) {
            throw new UnsupportedLayerException(v.file(), v.pointer(), ctx.name(), ctx.className(), "Rescaling '"
                    + ctx.name() + "' has " + v.describe() + "; Engram's Rescaling takes one number (no per-channel list)");
        }
        return v.asDouble(fallback);
    }

    @Override
    public RescalingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        if (c.get("scale").isNullOrMissing()) {
            throw c.get("scale").expected("a number (Rescaling has no default scale)");
        }
        return new RescalingConfig(number(c.get("scale"), 1, ctx), number(c.get("offset"), 0, ctx), ctx.name(),
                ctx.inputShape());
    }

    @Override
    public ObjectNode write(RescalingConfig r, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("scale", r.scale());
        c.put("offset", r.offset());
        return c;
    }
}
