package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DropoutConfig;

/** {@code Dropout}: {@code rate} (Keras 1 {@code p}) and {@code seed}; a {@code noise_shape} is refused. */
final class DropoutCodec extends AbstractKerasLayerCodec<DropoutConfig> {
    DropoutCodec() {
        super(DropoutConfig.class, "Dropout");
    }

    @Override
    public DropoutConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        ConfigNode ns = c.get("noise_shape");
        if (!ns.isNullOrMissing()) {
            throw new UnsupportedLayerException(c.file(), ns.pointer(), name, "Dropout",
                    "Dropout '" + name + "' has noise_shape " + ns.describe() + "; Engram supports element-wise dropout only");
        }
        ConfigNode rate = c.has("rate") ? c.get("rate") : c.get("p");
        return new DropoutConfig(ConfigKeys.rate(rate), c.get("seed").asLongOrNull(), name, ctx.inputShape());
    }

    @Override
    public ObjectNode write(DropoutConfig dr, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("rate", dr.rate());
        c.putNull("noise_shape");
        if (dr.seed() == null) {
            c.putNull("seed");
        } else {
            c.put("seed", dr.seed());
        }
        return c;
    }
}
