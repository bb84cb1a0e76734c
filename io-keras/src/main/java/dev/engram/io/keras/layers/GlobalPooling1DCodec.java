package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.PoolingMode;

/**
 * {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: one config whose mode is the class.
 * Whether average pooling honours a mask is the dialect's ({@link KerasDialect#poolingUsesMask}). Keras's
 * {@code data_format} and {@code keepdims} are read and written; TF.js 4.22's layers have neither (they ignore the
 * keys), so a channels-first or keepdims layer is not written as TF.js.
 */
final class GlobalPooling1DCodec extends AbstractKerasLayerCodec<GlobalPooling1DConfig> {
    GlobalPooling1DCodec() {
        super(GlobalPooling1DConfig.class, "GlobalAveragePooling1D", "GlobalMaxPooling1D");
    }

    @Override
    public String className(GlobalPooling1DConfig config) {
        return config.mode() == PoolingMode.MAX ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D";
    }

    @Override
    public GlobalPooling1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String cls = ctx.className();
        DataFormat f = SequenceKeys.pooling1dFormat(c, ctx);
        boolean keepDims = !ctx.is(KerasDialect.TFJS) && c.get("keepdims").asBoolean(false);
        PoolingMode mode = cls.startsWith("GlobalMax") ? PoolingMode.MAX : PoolingMode.AVERAGE;
        return new GlobalPooling1DConfig(mode, ctx.name(), ctx.inputShape(), ctx.dialect().poolingUsesMask(mode), f,
                keepDims);
    }

    @Override
    public boolean writes(GlobalPooling1DConfig p, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && !(d == KerasDialect.TFJS
                && (p.dataFormat() != DataFormat.CHANNELS_LAST || p.keepDims()));
    }

    @Override
    public ObjectNode write(GlobalPooling1DConfig p, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(p, ctx.dialect())) {
            throw ctx.at("data_format").error("layer '" + ctx.name() + "' (" + className(p) + ") is channels-first or "
                    + "keeps the steps axis, which TF.js 4.22's global pooling cannot say (it has neither option); "
                    + "save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        c.put("data_format", SequenceKeys.dataFormat(p.dataFormat()));
        if (!ctx.is(KerasDialect.TFJS)) {
            c.put("keepdims", p.keepDims());
        }
        return c;
    }
}
