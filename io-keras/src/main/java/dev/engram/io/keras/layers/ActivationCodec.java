package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ConfigNode;
import dev.engram.io.keras.KerasActivations;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.ActivationLayerConfig;
import java.util.List;

/** {@code Activation}: one activation function by its dialect's name. */
final class ActivationCodec implements KerasLayerCodec<ActivationLayerConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Activation");
    }

    @Override
    public Class<ActivationLayerConfig> configType() {
        return ActivationLayerConfig.class;
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

    @Override
    public List<String> weightNames(ActivationLayerConfig config) {
        return List.of();
    }
}
