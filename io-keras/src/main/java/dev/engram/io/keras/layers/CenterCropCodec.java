package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.CenterCropConfig;
import dev.engram.layers.CenterCropMode;
import dev.engram.layers.DataFormat;

/**
 * {@code CenterCrop}: {@code height}, {@code width} and, in Keras 3, {@code data_format}. The same
 * keys compute differently by origin ({@link CenterCropMode}): a TF.js file reads as
 * {@link CenterCropMode#STRETCH}, a Keras file as {@link CenterCropMode#PRESERVE_ASPECT}, and each
 * dialect writes only its own rule.
 */
final class CenterCropCodec extends AbstractKerasLayerCodec<CenterCropConfig> {
    CenterCropCodec() {
        super(CenterCropConfig.class, "CenterCrop");
    }

    @Override
    public CenterCropConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        boolean tfjs = ctx.is(KerasDialect.TFJS);
        return new CenterCropConfig(ImageKeys.size(c, "height"), ImageKeys.size(c, "width"),
                tfjs ? CenterCropMode.STRETCH : CenterCropMode.PRESERVE_ASPECT,
                tfjs ? DataFormat.CHANNELS_LAST : SequenceKeys.dataFormat(c, ctx.name(), ctx.className()), ctx.name(),
                ctx.inputShape());
    }

    @Override
    public boolean writes(CenterCropConfig r, KerasDialect d) {
        if (d == KerasDialect.TFJS) {
            return r.mode() == CenterCropMode.STRETCH && r.dataFormat() == DataFormat.CHANNELS_LAST;
        }
        return d != KerasDialect.KERAS_1 && r.mode() == CenterCropMode.PRESERVE_ASPECT
                && (d.isKeras3() || r.dataFormat() == DataFormat.CHANNELS_LAST);
    }

    @Override
    public ObjectNode write(CenterCropConfig r, KerasWriteContext ctx) throws ModelFormatException {
        CenterCropMode needed = ctx.is(KerasDialect.TFJS) ? CenterCropMode.STRETCH : CenterCropMode.PRESERVE_ASPECT;
        if (r.mode() != needed) {
            throw ctx.at("height").error("layer '" + ctx.name() + "' (CenterCrop) follows the " + r.mode()
                    + " rule, but " + ctx.dialect() + "'s CenterCrop computes " + needed + " (they differ for images"
                    + " one pixel wider than the target and for images smaller than it): save it as "
                    + (needed == CenterCropMode.STRETCH ? "Keras" : "TF.js"));
        }
        ObjectNode c = ctx.header();
        c.put("height", r.height());
        c.put("width", r.width());
        if (ctx.dialect().isKeras3()) {
            c.put("data_format", SequenceKeys.dataFormat(r.dataFormat()));
        } else {
            SequenceKeys.requireChannelsLast(r.dataFormat(), ctx.name(), "CenterCrop", ctx.dialect(), ctx.at("height"));
        }
        return c;
    }
}
