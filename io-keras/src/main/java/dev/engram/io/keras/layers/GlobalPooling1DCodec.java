package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.PoolingMode;

/**
 * {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: one config whose mode is the class.
 * Whether average pooling honours a mask is the dialect's ({@link KerasDialect#poolingUsesMask}).
 */
final class GlobalPooling1DCodec extends AbstractKerasLayerCodec<GlobalPooling1DConfig> {
    GlobalPooling1DCodec() {
        super(GlobalPooling1DConfig.class, "GlobalAveragePooling1D", "GlobalMaxPooling1D");
    }

    @Override
    public String className(GlobalPooling1DConfig config) {
        return config.mode() == PoolingMode.MAX ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D";
    }

    @Override
    public GlobalPooling1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String cls = ctx.className();
        ConfigKeys.channelsLast(c, ctx.name(), cls);
        if (c.get("keepdims").asBoolean(false)) {
            ConfigKeys.refuse(c, ctx.name(), cls, "keepdims", "Engram's pooling drops the steps axis");
        }
        PoolingMode mode = cls.startsWith("GlobalMax") ? PoolingMode.MAX : PoolingMode.AVERAGE;
        return new GlobalPooling1DConfig(mode, ctx.name(), ctx.inputShape(), ctx.dialect().poolingUsesMask(mode));
    }

    @Override
    public ObjectNode write(GlobalPooling1DConfig p, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("data_format", "channels_last");
        if (!ctx.is(KerasDialect.TFJS)) {
            c.put("keepdims", false);
        }
        return c;
    }
}
