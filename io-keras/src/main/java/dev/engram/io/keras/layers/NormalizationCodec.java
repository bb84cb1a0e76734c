package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.NormalizationConfig;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code Normalization} (Keras 3 and tf-keras; TF.js 4.22 has no such layer, so TF.js files are
 * refused both ways): {@code axis} (a number, a list, or null for one statistic over everything;
 * default {@code -1}), {@code invert}, and {@code mean}/{@code variance} given as numbers or (nested)
 * lists, flattened row-major, or null when the layer holds them as the weights {@code mean},
 * {@code variance}, {@code count} (Keras stores count as an int64 scalar).
 */
final class NormalizationCodec extends AbstractKerasLayerCodec<NormalizationConfig> {
    NormalizationCodec() {
        super(NormalizationConfig.class, "Normalization");
    }

    @Override
    public NormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        if (ctx.is(KerasDialect.TFJS)) {
            throw new UnsupportedLayerException(c.file(), c.pointer(), ctx.name(), ctx.className(), "layer '"
                    + ctx.name() + "' is a Normalization layer, which TF.js 4.22 does not have; a TF.js file cannot hold one");
        }
        ConfigNode a = c.get("axis");
        List<Integer> axes = new ArrayList<>();
        if (a.isMissing()) {
            axes.add(-1);
        } else if (a.json().isArray()) {
            for (ConfigNode e : a.elements()) {
                axes.add(integer(e));
            }
        } else if (!a.isNullOrMissing()) {
            axes.add(integer(a));
        }
        List<Float> mean = values(c.get("mean"));
        List<Float> variance = values(c.get("variance"));
        return new NormalizationConfig(axes, mean, variance, c.get("invert").asBoolean(false), ctx.name(),
                ctx.inputShape());
    }

    private static int integer(ConfigNode v) throws ModelFormatException {
        double d = v.asDouble();
        if (d != Math.rint(d) || Math.abs(d) > 64) {
            throw v.expected("an axis (an integer)");
        }
        return (int) d;
    }

    /** A number or nested lists of numbers, flattened row-major; null for null or absent. */
    private static List<Float> values(ConfigNode v) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return null;
        }
        List<Float> out = new ArrayList<>();
        // Iterative walk: the nesting depth comes from the file.
        Deque<ConfigNode> todo = new ArrayDeque<>();
        todo.push(v);
        while (!todo.isEmpty()) {
            ConfigNode n = todo.pop();
            if (n.json().isArray()) {
                List<ConfigNode> e = n.elements();
                for (int i = e.size() - 1; i >= 0; i--) {
                    todo.push(e.get(i));
                }
            } else {
                out.add((float) n.asDouble());
            }
        }
        return out;
    }

    @Override
    public boolean writes(NormalizationConfig config, KerasDialect d) {
        return d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3;
    }

    @Override
    public ObjectNode write(NormalizationConfig n, KerasWriteContext ctx) throws ModelFormatException {
        if (ctx.is(KerasDialect.TFJS)) {
            throw ctx.at("axis").error("layer '" + ctx.name() + "' is a Normalization layer, which TF.js 4.22 does not"
                    + " have; save the model as Keras (.h5 or .keras)");
        }
        ObjectNode c = ctx.header();
        c.set("axis", SequenceKeys.list(n.axes()));
        c.put("invert", n.invert());
        putValues(c, "mean", n.mean());
        putValues(c, "variance", n.variance());
        return c;
    }

    private static void putValues(ObjectNode c, String key, List<Float> v) {
        if (v == null) {
            c.putNull(key);
        } else if (v.size() == 1) {
            c.put(key, v.get(0));
        } else {
            ArrayNode a = c.putArray(key);
            for (float f : v) {
                a.add(f);
            }
        }
    }

    @Override
    public List<String> weightNames(NormalizationConfig config) {
        return config.mean() == null ? List.of("mean", "variance", "count") : List.of();
    }
}
