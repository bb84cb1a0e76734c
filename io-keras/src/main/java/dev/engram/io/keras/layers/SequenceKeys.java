package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.DataFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading and writing helpers of the sequence-layer codecs (issue 18): a {@code data_format}, a
 * one-or-two-sided length ({@code cropping}, {@code padding}), integer lists ({@code dims},
 * {@code shared_axes}, {@code axis}) and the call options of attention layers.
 */
final class SequenceKeys {
    private SequenceKeys() {
    }

    /** {@code channels_last} (also when absent) or {@code channels_first}. */
    static DataFormat dataFormat(ConfigNode c, String name, String cls) throws ModelFormatException {
        ConfigNode v = c.get("data_format");
        String f = v.asString("channels_last").toLowerCase(Locale.ROOT);
        return switch (f) {
            case "channels_last" -> DataFormat.CHANNELS_LAST;
            case "channels_first" -> DataFormat.CHANNELS_FIRST;
            default -> throw new UnsupportedLayerException(c.file(), v.pointer(), name, cls, cls + " '" + name
                    + "' has data_format " + v.describe() + "; expected channels_last or channels_first");
        };
    }

    /**
     * {@link #dataFormat(ConfigNode, String, String)}, except that TF.js files must be channels-last: TF.js parity:
     * tfjs-layers 4.22's 1-D pooling layers have no data format and pool channels-last whatever the key says (a
     * converted Keras file may carry one), so a channels_first key there is refused rather than read two ways.
     */
    static DataFormat pooling1dFormat(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        DataFormat f = dataFormat(c, ctx.name(), ctx.className());
        if (ctx.is(KerasDialect.TFJS) && f != DataFormat.CHANNELS_LAST) {
            throw new UnsupportedLayerException(c.file(), c.get("data_format").pointer(), ctx.name(), ctx.className(),
                    ctx.className() + " '" + ctx.name() + "' has data_format channels_first, which TF.js 4.22 ignores "
                    + "(its 1-D pooling layers pool channels-last whatever the key says); Engram reads it only from "
                    + "Keras h5 or .keras");
        }
        return f;
    }

    /** The Keras spelling of a data format. */
    static String dataFormat(DataFormat f) {
        return f == DataFormat.CHANNELS_LAST ? "channels_last" : "channels_first";
    }

    /** Refuses writing channels-first to a dialect whose layer has no {@code data_format}. */
    static void requireChannelsLast(DataFormat f, String name, String cls, KerasDialect d, ConfigNode at)
            throws ModelFormatException {
        if (f != DataFormat.CHANNELS_LAST) {
            throw at.error("layer '" + name + "' (" + cls + ") is channels_first, which " + d
                    + " cannot express (its " + cls + " has no data_format); save it as Keras 3");
        }
    }

    /** A length given as one number (both sides) or as {@code [left, right]}; each {@code >= 0}. */
    static int[] pair(ConfigNode v, int fallback) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return new int[] {fallback, fallback};
        }
        if (v.json().isArray()) {
            List<ConfigNode> e = v.elements();
            if (e.size() != 2) {
                throw v.expected("a number or a [left, right] pair");
            }
            return new int[] {e.get(0).asInt(0), e.get(1).asInt(0)};
        }
        int n = v.asInt(0);
        return new int[] {n, n};
    }

    /** An integer or a list of integers (each at least {@code min}); an empty list when null or absent. */
    static List<Integer> ints(ConfigNode v, int min) throws ModelFormatException {
        List<Integer> out = new ArrayList<>();
        if (v.isNullOrMissing()) {
            return out;
        }
        for (ConfigNode e : v.json().isArray() ? v.elements() : List.of(v)) {
            if (!e.json().isIntegralNumber() || e.json().asInt() < min) {
                throw e.expected("an integer >= " + min);
            }
            out.add(e.json().asInt());
        }
        return out;
    }

    /** A JSON list of the integers. */
    static ArrayNode list(List<Integer> values) {
        ArrayNode a = KerasEntries.object().arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** Refuses {@code noise_shape} when set: the engine draws its noise per element (per channel for spatial dropout). */
    static void noNoiseShape(ConfigNode c, String name, String cls) throws ModelFormatException {
        ConfigKeys.refuse(c, name, cls, "noise_shape", "Engram draws " + cls + " noise per element");
    }
}
