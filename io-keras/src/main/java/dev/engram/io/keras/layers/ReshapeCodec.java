package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.ReshapeConfig;

/** {@code Reshape}: {@code target_shape}, one entry may be -1. */
final class ReshapeCodec extends AbstractKerasLayerCodec<ReshapeConfig> {
    ReshapeCodec() {
        super(ReshapeConfig.class, "Reshape");
    }

    @Override
    public ReshapeConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new ReshapeConfig(ConfigKeys.shape(c.get("target_shape")), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(ReshapeConfig r, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        ArrayNode ts = c.putArray("target_shape");
        for (int dim : r.targetShape().toArray()) {
            ts.add(dim);
        }
        return c;
    }
}
