package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.AugmentationKind;
import dev.engram.layers.ImageAugmentationConfig;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The random image augmentation layers ({@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom},
 * {@code RandomTranslation}, {@code RandomContrast}, {@code RandomBrightness}, tf-keras's {@code RandomHeight} and
 * {@code RandomWidth}, and Keras 3.10's {@code RandomShear}, {@code RandomHue}, {@code AugMix}, ...), which Keras
 * applies only in training: one engine {@link ImageAugmentationConfig} whose kind is the class and whose options
 * are the layer's own keys as the file gave them (written back unchanged).
 *
 * <p>A layer is written only where its class exists with every key it holds ({@link #KEYS}: the keys each
 * generation's {@code get_config} writes), so a Keras 3 {@code RandomContrast} with a {@code value_range} is not
 * saved for tf-keras, which would reject the key. TF.js 4.22 has none of these layers except {@code RandomWidth}
 * and {@code RandomHeight}, which it cannot build in a model (their output shape has a -1 dimension: checked with
 * tfjs 4.22 in Node, "Negative dimension size") and whose call resizes at random at inference too: a TF.js file
 * with them is refused, and the TF.js writer refuses every augmentation layer.
 */
final class ImageAugmentationCodec implements KerasLayerCodec<ImageAugmentationConfig> {
    /** Per class: its kind, the tf-keras 2.18 keys (null: no such class) and the Keras 3.10 keys (null: none). */
    private record Entry(AugmentationKind kind, Set<String> tfKeras, Set<String> keras3) {
    }

    private static final Map<String, Entry> KEYS = new LinkedHashMap<>();

    static {
        Set<String> geometric2 = Set.of("fill_mode", "fill_value", "interpolation", "seed");
        Set<String> geometric3 = Set.of("fill_mode", "fill_value", "interpolation", "seed", "data_format");
        put("RandomFlip", AugmentationKind.FLIP, Set.of("mode", "seed"), Set.of("mode", "seed", "data_format"));
        put("RandomRotation", AugmentationKind.ROTATION, plus(geometric2, "factor"), plus(geometric3, "factor"));
        put("RandomZoom", AugmentationKind.ZOOM, plus(geometric2, "height_factor", "width_factor"),
                plus(geometric3, "height_factor", "width_factor"));
        put("RandomTranslation", AugmentationKind.TRANSLATION, plus(geometric2, "height_factor", "width_factor"),
                plus(geometric3, "height_factor", "width_factor"));
        put("RandomContrast", AugmentationKind.CONTRAST, Set.of("factor", "seed"), Set.of("factor", "value_range", "seed"));
        put("RandomBrightness", AugmentationKind.BRIGHTNESS, Set.of("factor", "value_range", "seed"),
                Set.of("factor", "value_range", "seed"));
        put("RandomHeight", AugmentationKind.HEIGHT, Set.of("factor", "interpolation", "seed"), null);
        put("RandomWidth", AugmentationKind.WIDTH, Set.of("factor", "interpolation", "seed"), null);
        put("RandomShear", AugmentationKind.SHEAR, null, plus(geometric3, "x_factor", "y_factor"));
        put("RandomPerspective", AugmentationKind.PERSPECTIVE, null,
                Set.of("factor", "scale", "interpolation", "fill_value", "seed", "data_format"));
        put("RandomElasticTransform", AugmentationKind.ELASTIC_TRANSFORM, null,
                plus(geometric3, "factor", "scale", "value_range"));
        put("RandomErasing", AugmentationKind.ERASING, null,
                Set.of("factor", "scale", "fill_value", "value_range", "seed", "data_format"));
        put("RandomGaussianBlur", AugmentationKind.GAUSSIAN_BLUR, null,
                Set.of("factor", "kernel_size", "sigma", "value_range", "seed", "data_format"));
        put("RandomGrayscale", AugmentationKind.GRAYSCALE, null, Set.of("factor", "seed", "data_format"));
        Set<String> color = Set.of("factor", "value_range", "seed", "data_format");
        put("RandomHue", AugmentationKind.HUE, null, color);
        put("RandomSaturation", AugmentationKind.SATURATION, null, color);
        put("RandomSharpness", AugmentationKind.SHARPNESS, null, color);
        put("RandomInvert", AugmentationKind.INVERT, null, color);
        put("RandomPosterization", AugmentationKind.POSTERIZATION, null, color);
        put("RandomColorDegeneration", AugmentationKind.COLOR_DEGENERATION, null, color);
        put("RandomColorJitter", AugmentationKind.COLOR_JITTER, null, Set.of("value_range", "brightness_factor",
                "contrast_factor", "saturation_factor", "hue_factor", "seed", "data_format"));
        put("Solarization", AugmentationKind.SOLARIZATION, null,
                Set.of("addition_factor", "threshold_factor", "value_range", "seed", "data_format"));
        put("Equalization", AugmentationKind.EQUALIZATION, null, Set.of("value_range", "bins", "data_format"));
        put("AugMix", AugmentationKind.AUG_MIX, null, Set.of("value_range", "num_chains", "chain_depth", "factor",
                "alpha", "all_ops", "interpolation", "seed", "data_format"));
        put("RandAugment", AugmentationKind.RAND_AUGMENT, null,
                Set.of("value_range", "num_ops", "factor", "interpolation", "seed", "data_format"));
        put("CutMix", AugmentationKind.CUT_MIX, null, Set.of("factor", "seed", "data_format"));
        put("MixUp", AugmentationKind.MIX_UP, null, Set.of("alpha", "seed", "data_format"));
    }

    private static void put(String cls, AugmentationKind kind, Set<String> tfKeras, Set<String> keras3) {
        KEYS.put(cls, new Entry(kind, tfKeras, keras3));
    }

    private static Set<String> plus(Set<String> base, String... more) {
        Set<String> s = new java.util.HashSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }

    @Override
    public List<String> classNames() {
        return List.copyOf(KEYS.keySet());
    }

    @Override
    public Class<ImageAugmentationConfig> configType() {
        return ImageAugmentationConfig.class;
    }

    @Override
    public String className(ImageAugmentationConfig config) {
        for (Map.Entry<String, Entry> e : KEYS.entrySet()) {
            if (e.getValue().kind() == config.kind()) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no Keras class for augmentation " + config.kind());
    }

    @Override
    public ImageAugmentationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String cls = ctx.className();
        if (ctx.is(KerasDialect.TFJS)) {
            // TF.js parity: tfjs-layers 4.22 RandomWidth/RandomHeight.call resize at random whatever `training` says.
            throw new UnsupportedLayerException(c.file(), c.pointer(), ctx.name(), cls, "layer '" + ctx.name() + "' ("
                    + cls + "): " + (KEYS.get(cls).tfKeras() != null && KEYS.get(cls).keras3() == null
                    ? "TF.js 4.22 cannot build a model with " + cls + " (its output shape has size -1: \"Negative"
                            + " dimension size\") and its call resizes at random at inference too"
                    : "TF.js 4.22 has no " + cls + " layer"));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = c.requireObject().json().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!CustomLayerCodec.COMMON.contains(f.getKey())) {
                // The JSON's depth was bounded when the file was parsed (LoadLimits), so this recursion is too.
                options.put(f.getKey(), CustomLayerCodec.toJava(f.getValue()));
            }
        }
        return new ImageAugmentationConfig(KEYS.get(cls).kind(), options, ctx.name(), ctx.inputShape());
    }

    /** The keys the class has in {@code d}, or null when the class does not exist there. */
    private Set<String> keys(ImageAugmentationConfig config, KerasDialect d) {
        Entry e = KEYS.get(className(config));
        return d == KerasDialect.KERAS_3 ? e.keras3() : d == KerasDialect.KERAS_2 ? e.tfKeras() : null;
    }

    @Override
    public boolean writes(ImageAugmentationConfig config, KerasDialect d) {
        Set<String> keys = keys(config, d);
        return keys != null && keys.containsAll(config.options().keySet());
    }

    @Override
    public ObjectNode write(ImageAugmentationConfig config, KerasWriteContext ctx) throws ModelFormatException {
        String cls = className(config);
        Set<String> keys = keys(config, ctx.dialect());
        if (keys == null) {
            throw ctx.at("name").error("layer '" + ctx.name() + "' (" + cls + ") has no " + ctx.dialect() + " form: "
                    + (ctx.is(KerasDialect.TFJS) ? "TF.js 4.22 has no " + cls + " (or applies it at inference)"
                            : ctx.dialect() + " has no " + cls + " layer"));
        }
        ObjectNode c = ctx.header();
        for (Map.Entry<String, Object> e : config.options().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw ctx.at(e.getKey()).error("layer '" + ctx.name() + "' (" + cls + ") has option '" + e.getKey()
                        + "', which " + ctx.dialect() + "'s " + cls + " does not take; save it in the generation it"
                        + " came from");
            }
            c.set(e.getKey(), CustomLayerCodec.toJson(e.getValue()));
        }
        return c;
    }
}
