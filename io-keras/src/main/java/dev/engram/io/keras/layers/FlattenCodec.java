package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ConfigNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.FlattenConfig;
import java.util.List;

/** {@code Flatten}: channels_last only. */
final class FlattenCodec implements KerasLayerCodec<FlattenConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Flatten");
    }

    @Override
    public Class<FlattenConfig> configType() {
        return FlattenConfig.class;
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

    @Override
    public List<String> weightNames(FlattenConfig config) {
        return List.of();
    }
}
