package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.RepeatVectorConfig;

/** {@code RepeatVector}: {@code n}. */
final class RepeatVectorCodec extends AbstractKerasLayerCodec<RepeatVectorConfig> {
    RepeatVectorCodec() {
        super(RepeatVectorConfig.class, "RepeatVector");
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
}
