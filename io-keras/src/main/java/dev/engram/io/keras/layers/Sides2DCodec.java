package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.Cropping2DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.ZeroPadding2DConfig;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.function.Function;

/**
 * {@code ZeroPadding2D} ({@code padding}, default 1 on every side) and {@code Cropping2D}
 * ({@code cropping}, default 0): an amount before and after each of the two spatial axes, read as one
 * number, {@code [rows, cols]} or {@code [[top, bottom], [left, right]]} and written in the last form,
 * plus the data format (Keras 1 {@code dim_ordering}). TF.js and Keras write the same keys. One
 * instance per class.
 *
 * @param <C> the config type
 */
final class Sides2DCodec<C extends LayerConfig<C>> implements KerasLayerCodec<C> {
    /** Builds the config from (top, bottom, left, right, data format, name, input shape). */
    private interface Factory<C> {
        C create(int top, int bottom, int left, int right, DataFormat f, String name, Shape inputShape);
    }

    static final Sides2DCodec<ZeroPadding2DConfig> ZERO_PADDING = new Sides2DCodec<>(ZeroPadding2DConfig.class,
            "ZeroPadding2D", "padding", 1, ZeroPadding2DConfig::new, z -> new int[] {z.top(), z.bottom(), z.left(),
                    z.right()}, ZeroPadding2DConfig::dataFormat);
    static final Sides2DCodec<Cropping2DConfig> CROPPING = new Sides2DCodec<>(Cropping2DConfig.class, "Cropping2D",
            "cropping", 0, Cropping2DConfig::new, z -> new int[] {z.top(), z.bottom(), z.left(), z.right()},
            Cropping2DConfig::dataFormat);

    private final Class<C> type;
    private final String cls;
    private final String key;
    private final int fallback;
    private final Factory<C> factory;
    private final Function<C, int[]> sides;
    private final Function<C, DataFormat> format;

    private Sides2DCodec(Class<C> type, String cls, String key, int fallback, Factory<C> factory,
            Function<C, int[]> sides, Function<C, DataFormat> format) {
        this.type = type;
        this.cls = cls;
        this.key = key;
        this.fallback = fallback;
        this.factory = factory;
        this.sides = sides;
        this.format = format;
    }

    @Override
    public List<String> classNames() {
        return List.of(cls);
    }

    @Override
    public Class<C> configType() {
        return type;
    }

    @Override
    public C read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        int[] s = SpatialKeys.sides(c.get(key), fallback);
        return factory.create(s[0], s[1], s[2], s[3], SpatialKeys.dataFormat(c, ctx), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(C config, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        int[] s = sides.apply(config);
        c.set(key, SpatialKeys.sides(s[0], s[1], s[2], s[3]));
        c.put("data_format", SequenceKeys.dataFormat(format.apply(config)));
        return c;
    }
}
