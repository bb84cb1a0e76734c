package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.SpatialDropout2DConfig;

/**
 * {@code SpatialDropout2D} (Keras only; TF.js 4.22 has none): {@code rate}, {@code seed} and the data
 * format. Keras parity: tf-keras 2's get_config drops {@code data_format} (it writes Dropout's keys,
 * with {@code noise_shape}), so a Keras 2 file is read as channels-last and a channels-first layer is
 * written only to Keras 3, whose config holds {@code data_format} and no {@code trainable}.
 */
final class SpatialDropout2DCodec extends AbstractKerasLayerCodec<SpatialDropout2DConfig> {
    SpatialDropout2DCodec() {
        super(SpatialDropout2DConfig.class, "SpatialDropout2D");
    }

    @Override
    public SpatialDropout2DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        SequenceKeys.noNoiseShape(c, ctx.name(), ctx.className());
        return new SpatialDropout2DConfig(ConfigKeys.rate(c.get("rate")), c.get("seed").asLongOrNull(),
                SpatialKeys.dataFormat(c, ctx), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(SpatialDropout2DConfig s, KerasDialect d) {
        return d == KerasDialect.KERAS_3 || d == KerasDialect.KERAS_2 && s.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    @Override
    public ObjectNode write(SpatialDropout2DConfig s, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("rate", s.rate());
        if (s.seed() == null) {
            c.putNull("seed");
        } else {
            c.put("seed", s.seed());
        }
        if (ctx.dialect().isKeras3()) {
            c.remove("trainable");
            c.put("data_format", SequenceKeys.dataFormat(s.dataFormat()));
        } else {
            c.putNull("noise_shape");
        }
        return c;
    }
}
