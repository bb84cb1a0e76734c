package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ConfigNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.MaskingConfig;
import java.util.List;

/** {@code Masking}: {@code mask_value} (default 0). */
final class MaskingCodec implements KerasLayerCodec<MaskingConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Masking");
    }

    @Override
    public Class<MaskingConfig> configType() {
        return MaskingConfig.class;
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

    @Override
    public List<String> weightNames(MaskingConfig config) {
        return List.of();
    }
}
