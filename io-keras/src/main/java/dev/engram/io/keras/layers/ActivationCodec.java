package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.layers.ActivationLayerConfig;

/** {@code Activation}: one activation function by its dialect's name. */
final class ActivationCodec extends AbstractKerasLayerCodec<ActivationLayerConfig> {
    ActivationCodec() {
        super(ActivationLayerConfig.class, "Activation");
    }

    @Override
    public ActivationLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new ActivationLayerConfig(KerasActivations.fromName(c.get("activation"), ctx.dialect()), ctx.name(),
                ctx.inputShape());
    }

    @Override
    public ObjectNode write(ActivationLayerConfig a, KerasWriteContext ctx) throws ModelFormatException {
        ObjectNode c = ctx.header();
        c.put("activation", KerasActivations.toName(a.activation(), ctx.dialect(), ctx.at("activation")));
        return c;
    }
}
