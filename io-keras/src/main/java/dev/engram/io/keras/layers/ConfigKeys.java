package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing helpers for keys several layer codecs share (refusals, rates, 1-D sizes, axes). */
final class ConfigKeys {
    private ConfigKeys() {
    }

    /** Refuses {@code key} when the file sets it (not null): the engine cannot honour it, for {@code why}. */
    static void refuse(ConfigNode c, String name, String cls, String key, String why) throws ModelFormatException {
        ConfigNode v = c.get(key);
        if (!v.isNullOrMissing()) {
            throw new UnsupportedLayerException(c.file(), v.pointer(), name, cls, cls + " '" + name + "' has " + key
                    + " " + v.describe() + "; " + why);
        }
    }

    /** A dropout rate in [0, 1); 0 when absent. */
    static double rate(ConfigNode v) throws ModelFormatException {
        double r = v.asDouble(0);
        if (!(r >= 0 && r < 1)) {
            throw v.expected("a rate in [0, 1)");
        }
        return r;
    }

    /** A 1-D size written as {@code [k]} (Keras 2/3, TF.js) or {@code k}. */
    static int single(ConfigNode v, int fallback) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return fallback;
        }
        if (v.json().isArray()) {
            List<ConfigNode> e = v.elements();
            if (e.size() != 1) {
                throw v.expected("a one-element list");
            }
            return e.get(0).asInt(1);
        }
        return v.asInt(1);
    }

    /** A shape list whose entries are positive sizes or -1 (Reshape's inferred dimension). */
    static Shape shape(ConfigNode list) throws ModelFormatException {
        List<ConfigNode> e = list.elements();
        int[] dims = new int[e.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = e.get(i).json().isNumber() && e.get(i).json().asInt() == -1 ? -1 : e.get(i).asInt(1);
        }
        return Shape.of(dims);
    }

    /**
     * The checks of LayerNormalization and BatchNormalization (no regularizers or constraints) and their axes: one
     * integer or a list of them, counted with the batch as axis 0 (the engine checks them against the input's rank
     * when the layer is built).
     *
     * @return the axes as written, [-1] when absent
     */
    static List<Integer> normalization(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        String cls = ctx.className();
        for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            refuse(c, name, cls, key, "Engram's normalization layers have no regularizers or constraints");
        }
        ConfigNode axis = c.get("axis");
        if (axis.isNullOrMissing()) {
            return List.of(-1);
        }
        List<Integer> axes = new ArrayList<>();
        for (ConfigNode one : axis.json().isArray() ? axis.elements() : List.of(axis)) {
            if (!one.json().isIntegralNumber()) {
                throw one.expected("an integer axis");
            }
            axes.add(one.json().asInt());
        }
        if (axes.isEmpty()) {
            throw axis.expected("at least one axis");
        }
        if (ctx.dialect() == KerasDialect.TFJS && cls.equals("BatchNormalization") && axes.size() == 1) {
            ctx.axisChecks().add(new AxisCheck(name, axes.get(0), axis));
        }
        return axes;
    }

    /** The weights of a normalization layer before any moving statistics: gamma if it scales, beta if it centers. */
    static List<String> normalizationWeights(boolean scale, boolean center) {
        List<String> out = new ArrayList<>();
        if (scale) {
            out.add("gamma");
        }
        if (center) {
            out.add("beta");
        }
        return out;
    }

    /** Sets each key to null (keys the engine has no value for but the framework writes). */
    static void nulls(ObjectNode c, String... keys) {
        for (String k : keys) {
            c.putNull(k);
        }
    }
}
