package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.UpSampling1DConfig;
import java.util.List;

/** {@code UpSampling1D}: {@code size} (Keras 1 {@code length}), default 2; not in TF.js. */
final class UpSampling1DCodec implements KerasLayerCodec<UpSampling1DConfig> {
    @Override
    public List<String> classNames() {
        return List.of("UpSampling1D");
    }

    @Override
    public Class<UpSampling1DConfig> configType() {
        return UpSampling1DConfig.class;
    }

    @Override
    public UpSampling1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode size = c.has("size") ? c.get("size") : c.get("length");
        return new UpSampling1DConfig(size.isNullOrMissing() ? 2 : size.asInt(1), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(UpSampling1DConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && d != KerasDialect.TFJS;
    }

    @Override
    public ObjectNode write(UpSampling1DConfig u, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("size", u.size());
        return c;
    }

    @Override
    public List<String> weightNames(UpSampling1DConfig config) {
        return List.of();
    }
}
