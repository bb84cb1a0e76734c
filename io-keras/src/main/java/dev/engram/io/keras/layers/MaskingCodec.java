package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.MaskingConfig;

/** {@code Masking}: {@code mask_value} (default 0). */
final class MaskingCodec extends AbstractKerasLayerCodec<MaskingConfig> {
    MaskingCodec() {
        super(MaskingConfig.class, "Masking");
    }

    @Override
    public MaskingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new MaskingConfig(c.get("mask_value").asDouble(0), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(MaskingConfig m, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("mask_value", m.maskValue());
        return c;
    }
}
