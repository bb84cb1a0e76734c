package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.DataFormat;
import dev.engram.layers.ZeroPadding1DConfig;
import java.util.List;

/**
 * {@code ZeroPadding1D}: {@code padding} as one number or {@code [left, right]} (default 1, 1) and,
 * in Keras 3 only, {@code data_format}; not in TF.js.
 */
final class ZeroPadding1DCodec implements KerasLayerCodec<ZeroPadding1DConfig> {
    @Override
    public List<String> classNames() {
        return List.of("ZeroPadding1D");
    }

    @Override
    public Class<ZeroPadding1DConfig> configType() {
        return ZeroPadding1DConfig.class;
    }

    @Override
    public ZeroPadding1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        int[] pad = SequenceKeys.pair(c.get("padding"), 1);
        return new ZeroPadding1DConfig(pad[0], pad[1], SequenceKeys.dataFormat(c, ctx.name(), ctx.className()),
                ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(ZeroPadding1DConfig config, KerasDialect d) {
        return d == KerasDialect.KERAS_3 || d == KerasDialect.KERAS_2 && config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    @Override
    public ObjectNode write(ZeroPadding1DConfig p, KerasWriteContext ctx) throws ModelFormatException {
        ObjectNode c = ctx.header();
        c.set("padding", SequenceKeys.list(List.of(p.padLeft(), p.padRight())));
        if (ctx.dialect().isKeras3()) {
            c.put("data_format", SequenceKeys.dataFormat(p.dataFormat()));
        } else {
            SequenceKeys.requireChannelsLast(p.dataFormat(), ctx.name(), "ZeroPadding1D", ctx.dialect(),
                    ctx.at("padding"));
        }
        return c;
    }

    @Override
    public List<String> weightNames(ZeroPadding1DConfig config) {
        return List.of();
    }
}
