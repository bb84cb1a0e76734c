package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.FlattenConfig;

/** {@code Flatten}: channels_last only. */
final class FlattenCodec extends AbstractKerasLayerCodec<FlattenConfig> {
    FlattenCodec() {
        super(FlattenConfig.class, "Flatten");
    }

    @Override
    public FlattenConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigKeys.channelsLast(c, ctx.name(), ctx.className());
        return new FlattenConfig(ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(FlattenConfig f, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("data_format", "channels_last");
        return c;
    }
}
