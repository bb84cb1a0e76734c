package dev.engram.io.keras.layers;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.Interpolation;
import java.util.Locale;

/** The keys the image preprocessing layers share: {@code height}/{@code width} and {@code interpolation}. */
final class ImageKeys {
    private ImageKeys() {
    }

    /** A required positive size ({@code height}, {@code width}). */
    static int size(ConfigNode c, String key) throws ModelFormatException {
        ConfigNode v = c.get(key);
        if (v.isNullOrMissing()) {
            throw v.expected("a positive integer");
        }
        return v.asInt(1);
    }

    /** {@code bilinear} (also when absent) or {@code nearest}; the other TensorFlow methods are refused. */
    static Interpolation interpolation(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode v = c.get("interpolation");
        return switch (v.asString("bilinear").toLowerCase(Locale.ROOT)) {
            case "bilinear" -> Interpolation.BILINEAR;
            case "nearest" -> Interpolation.NEAREST;
            default -> throw new UnsupportedLayerException(c.file(), v.pointer(), ctx.name(), ctx.className(),
                    ctx.className() + " '" + ctx.name() + "' has interpolation " + v.describe()
                            + "; Engram resizes with bilinear or nearest");
        };
    }

    /** The file's spelling of an interpolation. */
    static String interpolation(Interpolation i) {
        return i == Interpolation.BILINEAR ? "bilinear" : "nearest";
    }
}
