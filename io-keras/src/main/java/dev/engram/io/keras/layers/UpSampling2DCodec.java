package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.UpSampling2DConfig;
import java.util.List;

/**
 * {@code UpSampling2D}: {@code size} (default 2 per axis), the data format and {@code interpolation}.
 * Only {@code nearest} is read: bilinear differs by origin (TF.js resizes with
 * {@code resizeBilinear} without half-pixel centres, Keras with {@code tf.image.resize}'s half-pixel
 * centres), and Engram does not implement either, so a bilinear layer is refused with its name.
 */
final class UpSampling2DCodec extends AbstractKerasLayerCodec<UpSampling2DConfig> {
    UpSampling2DCodec() {
        super(UpSampling2DConfig.class, "UpSampling2D");
    }

    @Override
    public UpSampling2DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode interpolation = c.get("interpolation");
        if (!interpolation.asString("nearest").equals("nearest")) {
            throw new UnsupportedLayerException(c.file(), interpolation.pointer(), ctx.name(), ctx.className(),
                    "UpSampling2D '" + ctx.name() + "' has interpolation " + interpolation.describe()
                            + "; Engram supports nearest only (bilinear is computed differently by TF.js and Keras)");
        }
        List<Integer> size = SpatialKeys.sizes(c.get("size"), 2, 2, 1);
        return new UpSampling2DConfig(size.get(0), size.get(1), SpatialKeys.dataFormat(c, ctx), ctx.name(),
                ctx.inputShape());
    }

    @Override
    public ObjectNode write(UpSampling2DConfig u, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.set("size", SequenceKeys.list(List.of(u.rows(), u.cols())));
        c.put("data_format", SequenceKeys.dataFormat(u.dataFormat()));
        if (!ctx.is(KerasDialect.KERAS_1)) {
            c.put("interpolation", "nearest");
        }
        return c;
    }
}
