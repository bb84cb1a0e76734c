package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Padding;
import dev.engram.layers.Pooling1DConfig;
import dev.engram.layers.PoolingMode;
import java.util.List;
import java.util.Locale;

/**
 * {@code MaxPooling1D} and {@code AveragePooling1D} (aliases {@code MaxPool1D}, {@code AvgPool1D};
 * Keras 1 {@code pool_length}/{@code stride}/{@code border_mode}): pool size (default 2), strides
 * (default the pool size), valid or same padding, and (Keras 2/3) {@code data_format}. TF.js's
 * Pooling1D has no data format: channels-first is neither read nor written there.
 */
final class Pooling1DCodec implements KerasLayerCodec<Pooling1DConfig> {
    @Override
    public List<String> classNames() {
        return List.of("MaxPooling1D", "AveragePooling1D", "MaxPool1D", "AvgPool1D", "AveragePool1D");
    }

    @Override
    public Class<Pooling1DConfig> configType() {
        return Pooling1DConfig.class;
    }

    @Override
    public String className(Pooling1DConfig config) {
        return config.mode() == PoolingMode.MAX ? "MaxPooling1D" : "AveragePooling1D";
    }

    @Override
    public Pooling1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String cls = ctx.className();
        boolean k1 = ctx.is(KerasDialect.KERAS_1);
        int pool = ConfigKeys.single(c.get(k1 ? "pool_length" : "pool_size"), 2);
        ConfigNode s = c.get(k1 ? "stride" : "strides");
        int strides = s.isNullOrMissing() ? pool : ConfigKeys.single(s, pool);
        ConfigNode p = c.get(k1 ? "border_mode" : "padding");
        String padding = p.asString("valid").toLowerCase(Locale.ROOT);
        if (!padding.equals("valid") && !padding.equals("same")) {
            throw new UnsupportedLayerException(c.file(), p.pointer(), ctx.name(), cls, cls + " '" + ctx.name()
                    + "' has padding " + p.describe() + "; expected valid or same");
        }
        DataFormat f = SequenceKeys.pooling1dFormat(c, ctx);
        PoolingMode mode = cls.startsWith("Max") ? PoolingMode.MAX : PoolingMode.AVERAGE;
        if (pool < 1 || strides < 1) {
            throw c.error(cls + " '" + ctx.name() + "' needs pool_size and strides >= 1, got " + pool + " and " + strides);
        }
        return new Pooling1DConfig(mode, pool, strides, padding.equals("same") ? Padding.SAME : Padding.VALID, f,
                ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(Pooling1DConfig p, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && (d != KerasDialect.TFJS || p.dataFormat() == DataFormat.CHANNELS_LAST);
    }

    @Override
    public ObjectNode write(Pooling1DConfig p, KerasWriteContext ctx) throws ModelFormatException {
        ObjectNode c = ctx.header();
        if (ctx.is(KerasDialect.TFJS)) {
            SequenceKeys.requireChannelsLast(p.dataFormat(), ctx.name(), className(p), ctx.dialect(), ctx.at("data_format"));
        }
        c.set("pool_size", SequenceKeys.list(List.of(p.poolSize())));
        c.put("padding", p.padding() == Padding.SAME ? "same" : "valid");
        c.set("strides", SequenceKeys.list(List.of(p.strides())));
        if (!ctx.is(KerasDialect.TFJS)) {
            c.put("data_format", SequenceKeys.dataFormat(p.dataFormat()));
        }
        return c;
    }

    @Override
    public List<String> weightNames(Pooling1DConfig config) {
        return List.of();
    }
}
