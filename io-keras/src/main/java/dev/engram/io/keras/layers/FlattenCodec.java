package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.FlattenConfig;

/**
 * {@code Flatten} with its {@code data_format}: channels-first moves the channel axis last before
 * flattening in Keras 2/3 and TF.js alike (TF.js 4.22 reads {@code data_format} from a file and writes
 * it when set), so every dialect holds both.
 */
final class FlattenCodec extends AbstractKerasLayerCodec<FlattenConfig> {
    FlattenCodec() {
        super(FlattenConfig.class, "Flatten");
    }

    @Override
    public FlattenConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new FlattenConfig(ctx.name(), ctx.inputShape(), SequenceKeys.dataFormat(c, ctx.name(), ctx.className()));
    }

    @Override
    public ObjectNode write(FlattenConfig f, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("data_format", SequenceKeys.dataFormat(f.dataFormat()));
        return c;
    }
}
