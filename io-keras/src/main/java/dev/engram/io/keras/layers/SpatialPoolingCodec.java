package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.SpatialPoolingConfig;
import java.util.List;
import java.util.Locale;

/**
 * {@code MaxPooling2D}, {@code AveragePooling2D}, {@code MaxPooling3D}, {@code AveragePooling3D}
 * (aliases {@code MaxPool2D}, {@code AvgPool2D}, ...; Keras 1 {@code border_mode} and
 * {@code dim_ordering}): pool size (default 2 per axis), strides (default the pool size), valid or
 * same padding and the data format, which TF.js and Keras all write.
 */
final class SpatialPoolingCodec extends AbstractKerasLayerCodec<SpatialPoolingConfig> {
    SpatialPoolingCodec() {
        super(SpatialPoolingConfig.class, "MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D",
                "AveragePool2D", "MaxPooling3D", "AveragePooling3D", "MaxPool3D", "AvgPool3D", "AveragePool3D");
    }

    @Override
    public String className(SpatialPoolingConfig config) {
        return (config.mode() == PoolingMode.MAX ? "MaxPooling" : "AveragePooling") + config.rank() + "D";
    }

    @Override
    public SpatialPoolingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String cls = ctx.className();
        int rank = cls.endsWith("3D") ? 3 : 2;
        boolean k1 = ctx.is(KerasDialect.KERAS_1);
        List<Integer> pool = SpatialKeys.sizes(c.get("pool_size"), rank, 2, 1);
        ConfigNode s = c.get("strides");
        List<Integer> strides = s.isNullOrMissing() ? pool : SpatialKeys.sizes(s, rank, 2, 1);
        ConfigNode p = c.get(k1 ? "border_mode" : "padding");
        String padding = p.asString("valid").toLowerCase(Locale.ROOT);
        if (!padding.equals("valid") && !padding.equals("same")) {
            throw new UnsupportedLayerException(c.file(), p.pointer(), ctx.name(), cls, cls + " '" + ctx.name()
                    + "' has padding " + p.describe() + "; expected valid or same");
        }
        PoolingMode mode = cls.startsWith("Max") ? PoolingMode.MAX : PoolingMode.AVERAGE;
        return new SpatialPoolingConfig(mode, pool, strides, padding.equals("same") ? Padding.SAME : Padding.VALID,
                SpatialKeys.dataFormat(c, ctx), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(SpatialPoolingConfig p, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.set("pool_size", SequenceKeys.list(p.poolSize()));
        c.put("padding", p.padding() == Padding.SAME ? "same" : "valid");
        c.set("strides", SequenceKeys.list(p.strides()));
        c.put("data_format", SequenceKeys.dataFormat(p.dataFormat()));
        return c;
    }
}
