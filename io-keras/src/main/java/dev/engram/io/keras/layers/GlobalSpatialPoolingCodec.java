package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.GlobalSpatialPoolingConfig;
import dev.engram.layers.PoolingMode;

/**
 * {@code GlobalAveragePooling2D}, {@code GlobalMaxPooling2D} (TF.js and Keras) and their Keras 3-D
 * forms (aliases {@code GlobalAvgPool2D}, {@code GlobalMaxPool2D}, ...): the data format and, Keras
 * 2.6+ and 3, {@code keepdims}. TF.js has no keepdims and no 3-D global pooling: those are not
 * written there.
 */
final class GlobalSpatialPoolingCodec extends AbstractKerasLayerCodec<GlobalSpatialPoolingConfig> {
    GlobalSpatialPoolingCodec() {
        super(GlobalSpatialPoolingConfig.class, "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAvgPool2D",
                "GlobalMaxPool2D", "GlobalAveragePooling3D", "GlobalMaxPooling3D", "GlobalAvgPool3D", "GlobalMaxPool3D");
    }

    @Override
    public String className(GlobalSpatialPoolingConfig config) {
        return (config.mode() == PoolingMode.MAX ? "GlobalMaxPooling" : "GlobalAveragePooling") + config.rank() + "D";
    }

    @Override
    public GlobalSpatialPoolingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String cls = ctx.className();
        PoolingMode mode = cls.startsWith("GlobalMax") ? PoolingMode.MAX : PoolingMode.AVERAGE;
        return new GlobalSpatialPoolingConfig(mode, cls.endsWith("3D") ? 3 : 2, c.get("keepdims").asBoolean(false),
                SpatialKeys.dataFormat(c, ctx), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(GlobalSpatialPoolingConfig p, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && (d != KerasDialect.TFJS || p.rank() == 2 && !p.keepDims());
    }

    @Override
    public ObjectNode write(GlobalSpatialPoolingConfig p, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("data_format", SequenceKeys.dataFormat(p.dataFormat()));
        if (!ctx.is(KerasDialect.TFJS)) {
            c.put("keepdims", p.keepDims());
        }
        return c;
    }
}
