package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ConfigNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.RepeatVectorConfig;
import java.util.List;

/** {@code RepeatVector}: {@code n}. */
final class RepeatVectorCodec implements KerasLayerCodec<RepeatVectorConfig> {
    @Override
    public List<String> classNames() {
        return List.of("RepeatVector");
    }

    @Override
    public Class<RepeatVectorConfig> configType() {
        return RepeatVectorConfig.class;
    }

    @Override
    public RepeatVectorConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new RepeatVectorConfig(c.get("n").asInt(1), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(RepeatVectorConfig r, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("n", r.n());
        return c;
    }

    @Override
    public List<String> weightNames(RepeatVectorConfig config) {
        return List.of();
    }
}
