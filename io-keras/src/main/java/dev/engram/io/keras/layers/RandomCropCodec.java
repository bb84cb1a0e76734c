package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.RandomCropConfig;
import dev.engram.layers.RandomCropInference;

/**
 * {@code RandomCrop} (tf-keras 2.x and Keras 3; not in TF.js 4.22): {@code height}, {@code width}, {@code seed} and
 * Keras 3's {@code data_format}. What the layer computes at inference is the generation's
 * ({@link RandomCropInference}): tf-keras resizes the centred window, Keras 3.10 returns the input unchanged. So a
 * layer is written only in the generation whose inference it holds.
 *
 * <p>Keras 3.10 builds the layers after a RandomCrop for the declared crop size although inference passes the
 * full image on: a Keras 3 model whose later weights are sized by the image (Flatten then Dense) cannot predict in
 * Keras either, and Engram, which builds for what inference computes, refuses its weights by shape when loading.
 */
final class RandomCropCodec extends AbstractKerasLayerCodec<RandomCropConfig> {
    RandomCropCodec() {
        super(RandomCropConfig.class, "RandomCrop");
    }

    @Override
    public RandomCropConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        if (ctx.is(KerasDialect.TFJS)) {
            throw new UnsupportedLayerException(c.file(), c.pointer(), ctx.name(), "RandomCrop", "layer '" + ctx.name()
                    + "' (RandomCrop): TF.js 4.22 has no RandomCrop layer");
        }
        boolean keras3 = ctx.dialect().isKeras3();
        DataFormat f = keras3 ? SequenceKeys.dataFormat(c, ctx.name(), "RandomCrop") : DataFormat.CHANNELS_LAST;
        return new RandomCropConfig(c.get("height").asInt(1), c.get("width").asInt(1),
                keras3 ? RandomCropInference.UNCHANGED : RandomCropInference.CENTER_CROP_RESIZE, f,
                c.get("seed").asLongOrNull(), ctx.name(), ctx.inputShape());
    }

    private static KerasDialect generation(RandomCropConfig r) {
        return r.inference() == RandomCropInference.UNCHANGED ? KerasDialect.KERAS_3 : KerasDialect.KERAS_2;
    }

    @Override
    public boolean writes(RandomCropConfig r, KerasDialect d) {
        return d == generation(r);
    }

    @Override
    public ObjectNode write(RandomCropConfig r, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(r, ctx.dialect())) {
            throw ctx.at("height").error("layer '" + ctx.name() + "' (RandomCrop) computes "
                    + (r.inference() == RandomCropInference.UNCHANGED ? "Keras 3's inference (the input unchanged)"
                            : "tf-keras's inference (the centred window resized)") + ", which " + ctx.dialect()
                    + " does not" + (ctx.is(KerasDialect.TFJS) ? " (TF.js 4.22 has no RandomCrop)" : "")
                    + "; save it as " + generation(r));
        }
        ObjectNode c = ctx.header();
        c.put("height", r.height());
        c.put("width", r.width());
        if (r.seed() == null) {
            c.putNull("seed");
        } else {
            c.put("seed", r.seed());
        }
        if (ctx.is(KerasDialect.KERAS_3)) {
            c.put("data_format", SequenceKeys.dataFormat(r.dataFormat()));
        }
        return c;
    }
}
