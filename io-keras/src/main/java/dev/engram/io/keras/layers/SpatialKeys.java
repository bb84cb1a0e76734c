package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DataFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and writing helpers of the image and volume codecs (issue 18): per-axis sizes given as
 * one number or a list ({@code pool_size}, {@code strides}, {@code size}), two-sided amounts per axis
 * ({@code padding}, {@code cropping}) and the data format, which Keras 1 calls {@code dim_ordering}.
 */
final class SpatialKeys {
    private SpatialKeys() {
    }

    /** {@code rank} sizes, each at least {@code min}: one number for every axis, or a list of {@code rank}. */
    static List<Integer> sizes(ConfigNode v, int rank, int fallback, int min) throws ModelFormatException {
        List<Integer> out = new ArrayList<>();
        if (v.isNullOrMissing()) {
            for (int i = 0; i < rank; i++) {
                out.add(fallback);
            }
            return out;
        }
        List<ConfigNode> e = v.json().isArray() ? v.elements() : List.of(v);
        if (e.size() != 1 && e.size() != rank) {
            throw v.expected("a number or a list of " + rank);
        }
        for (int i = 0; i < rank; i++) {
            ConfigNode n = e.get(e.size() == 1 ? 0 : i);
            if (!n.json().isIntegralNumber() || n.json().asInt() < min) {
                throw n.expected("an integer >= " + min);
            }
            out.add(n.json().asInt());
        }
        return out;
    }

    /**
     * Two-sided amounts of two axes, {@code [top, bottom, left, right]}: one number (every side),
     * {@code [rows, cols]} (both sides of each) or {@code [[top, bottom], [left, right]]}.
     */
    static int[] sides(ConfigNode v, int fallback) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return new int[] {fallback, fallback, fallback, fallback};
        }
        if (!v.json().isArray()) {
            int n = nonNegative(v);
            return new int[] {n, n, n, n};
        }
        List<ConfigNode> axes = v.elements();
        if (axes.size() != 2) {
            throw v.expected("a number, [rows, cols] or [[top, bottom], [left, right]]");
        }
        int[] out = new int[4];
        for (int a = 0; a < 2; a++) {
            ConfigNode axis = axes.get(a);
            if (axis.json().isArray()) {
                List<ConfigNode> pair = axis.elements();
                if (pair.size() != 2) {
                    throw axis.expected("a [before, after] pair");
                }
                out[2 * a] = nonNegative(pair.get(0));
                out[2 * a + 1] = nonNegative(pair.get(1));
            } else {
                out[2 * a] = nonNegative(axis);
                out[2 * a + 1] = out[2 * a];
            }
        }
        return out;
    }

    private static int nonNegative(ConfigNode n) throws ModelFormatException {
        if (!n.json().isIntegralNumber() || n.json().asInt() < 0) {
            throw n.expected("an integer >= 0");
        }
        return n.json().asInt();
    }

    /** {@code [[top, bottom], [left, right]]}. */
    static ArrayNode sides(int top, int bottom, int left, int right) {
        ArrayNode a = KerasEntries.object().arrayNode();
        a.add(SequenceKeys.list(List.of(top, bottom)));
        a.add(SequenceKeys.list(List.of(left, right)));
        return a;
    }

    /**
     * The data format: {@code data_format} (absent: channels-last), or in Keras 1 {@code dim_ordering}
     * ({@code tf} channels-last, {@code th} channels-first; {@code default} depends on the writer's
     * keras.json, which the file does not hold, and is refused).
     */
    static DataFormat dataFormat(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        if (!ctx.is(KerasDialect.KERAS_1)) {
            return SequenceKeys.dataFormat(c, ctx.name(), ctx.className());
        }
        ConfigNode v = c.get("dim_ordering");
        return switch (v.asString("tf")) {
            case "tf" -> DataFormat.CHANNELS_LAST;
            case "th" -> DataFormat.CHANNELS_FIRST;
            default -> throw new UnsupportedLayerException(c.file(), v.pointer(), ctx.name(), ctx.className(),
                    ctx.className() + " '" + ctx.name() + "' has dim_ordering " + v.describe()
                            + "; expected tf or th (default depends on the writer's keras.json)");
        };
    }
}
