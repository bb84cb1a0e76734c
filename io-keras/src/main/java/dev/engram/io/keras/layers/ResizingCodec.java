package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.ResizeSampling;
import dev.engram.layers.ResizingConfig;

/**
 * {@code Resizing}: {@code height}, {@code width}, {@code interpolation}, {@code crop_to_aspect_ratio};
 * Keras 3 adds {@code data_format}, {@code pad_to_aspect_ratio}, {@code fill_mode},
 * {@code fill_value} and {@code antialias} (padding and antialiasing are refused). The key means
 * different things by origin: Keras resizes with half-pixel centres after an optional aspect crop,
 * while TF.js 4.22 never crops and passes {@code !crop_to_aspect_ratio} as {@code alignCorners}. So
 * a TF.js file reads as aligned-corner (false) or asymmetric (true) sampling without a crop, and
 * each dialect writes only the sampling it computes.
 */
final class ResizingCodec extends AbstractKerasLayerCodec<ResizingConfig> {
    ResizingCodec() {
        super(ResizingConfig.class, "Resizing");
    }

    @Override
    public ResizingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        boolean crop = c.get("crop_to_aspect_ratio").asBoolean(false);
        if (ctx.is(KerasDialect.TFJS)) {
            // TF.js parity: tfjs-layers 4.22 Resizing.call passes !cropToAspectRatio as alignCorners and crops nothing.
            return new ResizingConfig(ImageKeys.size(c, "height"), ImageKeys.size(c, "width"),
                    ImageKeys.interpolation(c, ctx), crop ? ResizeSampling.ASYMMETRIC : ResizeSampling.ALIGN_CORNERS,
                    false, DataFormat.CHANNELS_LAST, ctx.name(), ctx.inputShape());
        }
        if (c.get("pad_to_aspect_ratio").asBoolean(false)) {
            ConfigKeys.refuse(c, ctx.name(), ctx.className(), "pad_to_aspect_ratio", "Engram does not pad to the"
                    + " aspect ratio");
        }
        if (c.get("antialias").asBoolean(false)) {
            ConfigKeys.refuse(c, ctx.name(), ctx.className(), "antialias", "Engram resizes without antialiasing");
        }
        return new ResizingConfig(ImageKeys.size(c, "height"), ImageKeys.size(c, "width"),
                ImageKeys.interpolation(c, ctx), ResizeSampling.HALF_PIXEL, crop,
                SequenceKeys.dataFormat(c, ctx.name(), ctx.className()), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(ResizingConfig r, KerasDialect d) {
        if (d == KerasDialect.TFJS) {
            return r.sampling() != ResizeSampling.HALF_PIXEL && !r.cropToAspectRatio()
                    && r.dataFormat() == DataFormat.CHANNELS_LAST;
        }
        return d != KerasDialect.KERAS_1 && r.sampling() == ResizeSampling.HALF_PIXEL
                && (d.isKeras3() || r.dataFormat() == DataFormat.CHANNELS_LAST);
    }

    @Override
    public ObjectNode write(ResizingConfig r, KerasWriteContext ctx) throws ModelFormatException {
        ObjectNode c = ctx.header();
        c.put("height", r.height());
        c.put("width", r.width());
        c.put("interpolation", ImageKeys.interpolation(r.interpolation()));
        if (ctx.is(KerasDialect.TFJS)) {
            if (r.sampling() == ResizeSampling.HALF_PIXEL || r.cropToAspectRatio()) {
                throw ctx.at("crop_to_aspect_ratio").error("layer '" + ctx.name() + "' (Resizing) samples with "
                        + (r.cropToAspectRatio() ? "a crop to the aspect ratio" : "half-pixel centres")
                        + " (Keras's Resizing); TF.js 4.22's Resizing samples with aligned corners, or asymmetrically"
                        + " when crop_to_aspect_ratio is set, and never crops: save it as Keras");
            }
            SequenceKeys.requireChannelsLast(r.dataFormat(), ctx.name(), "Resizing", ctx.dialect(), ctx.at("height"));
            c.put("crop_to_aspect_ratio", r.sampling() == ResizeSampling.ASYMMETRIC);
            return c;
        }
        if (r.sampling() != ResizeSampling.HALF_PIXEL) {
            throw ctx.at("interpolation").error("layer '" + ctx.name() + "' (Resizing) samples with "
                    + r.sampling().name().toLowerCase(java.util.Locale.ROOT) + " coordinates (TF.js's Resizing);"
                    + " Keras resizes with half-pixel centres: save it as TF.js");
        }
        c.put("crop_to_aspect_ratio", r.cropToAspectRatio());
        if (ctx.dialect().isKeras3()) {
            c.put("pad_to_aspect_ratio", false);
            c.put("fill_mode", "constant");
            c.put("fill_value", 0.0);
            c.put("antialias", false);
            c.put("data_format", SequenceKeys.dataFormat(r.dataFormat()));
        } else {
            SequenceKeys.requireChannelsLast(r.dataFormat(), ctx.name(), "Resizing", ctx.dialect(), ctx.at("height"));
        }
        return c;
    }
}
