package dev.engram.io.keras.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.constraints.Constraint;
import dev.engram.constraints.MaxNorm;
import dev.engram.constraints.MinMaxNorm;
import dev.engram.constraints.NonNeg;
import dev.engram.constraints.UnitNorm;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.regularizers.L1L2;
import dev.engram.regularizers.Regularizer;
import java.util.List;

/**
 * Regularizer and constraint names per dialect, both directions.
 *
 * <p>Regularizers: TF.js serialises every regularizer as {@code L1L2 {l1, l2}} (its {@code l1()}
 * and {@code l2()} helpers build an L1L2); tf.keras 2 and Keras 3 have the classes {@code L1}
 * ({@code {l1}}), {@code L2} ({@code {l2}}) and {@code L1L2}; Keras 3 adds {@code module}
 * {@code keras.regularizers}. Written files use {@code L1}/{@code L2} when the other factor is zero
 * (Keras 2/3), as Keras's own {@code l1()}/{@code l2()} would. Constraints: {@code MaxNorm
 * {max_value, axis}}, {@code NonNeg {}}, {@code UnitNorm {axis}}, {@code MinMaxNorm {min_value,
 * max_value, rate, axis}} in every dialect. Keras 1's {@code WeightRegularizer} objects are refused.
 */
public final class KerasWeightRules {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Regularizer classes understood. */
    static final List<String> REGULARIZERS = List.of("L1L2", "L1", "L2");
    /** Constraint classes understood. */
    static final List<String> CONSTRAINTS = List.of("MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm");

    private KerasWeightRules() {
    }

    /**
     * The regularizer {@code v} describes, or null for JSON null / absent.
     *
     * @param v the config value, e.g. a {@code kernel_regularizer} member
     * @param d the file's dialect
     * @return the regularizer, or null
     * @throws ModelFormatException when the value is malformed or names an unsupported regularizer
     */
    public static Regularizer regularizer(ConfigNode v, KerasDialect d) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return null;
        }
        if (d == KerasDialect.KERAS_1 || !v.json().isObject()) {
            throw v.error("regularizer " + v.describe() + " is not supported (Keras 1 regularizers and plain names"
                    + " are not read; supported classes " + REGULARIZERS + ")");
        }
        String cls = v.get("class_name").asString();
        ConfigNode c = v.get("config");
        try {
            return switch (cls) {
                case "L1L2" -> new L1L2(c.get("l1").asDouble(0), c.get("l2").asDouble(0));
                case "L1" -> new L1L2(c.get("l1").asDouble(0.01), 0);
                case "L2" -> new L1L2(0, c.get("l2").asDouble(0.01));
                default -> throw v.get("class_name").expected("a regularizer class " + REGULARIZERS);
            };
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage());
        }
    }

    /**
     * The constraint {@code v} describes, or null for JSON null / absent.
     *
     * @param v the config value, e.g. a {@code kernel_constraint} member
     * @param d the file's dialect
     * @return the constraint, or null
     * @throws ModelFormatException when the value is malformed or names an unsupported constraint
     */
    public static Constraint constraint(ConfigNode v, KerasDialect d) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return null;
        }
        if (d == KerasDialect.KERAS_1 || !v.json().isObject()) {
            throw v.error("constraint " + v.describe() + " is not supported (Keras 1 constraints are not read;"
                    + " supported classes " + CONSTRAINTS + ")");
        }
        String cls = v.get("class_name").asString();
        ConfigNode c = v.get("config");
        try {
            return switch (cls) {
                case "MaxNorm" -> new MaxNorm(c.get("max_value").asDouble(2), axis(c.get("axis")));
                case "NonNeg" -> new NonNeg();
                case "UnitNorm" -> new UnitNorm(axis(c.get("axis")));
                case "MinMaxNorm" -> new MinMaxNorm(c.get("min_value").asDouble(0), c.get("max_value").asDouble(1),
                        c.get("rate").asDouble(1), axis(c.get("axis")));
                default -> throw v.get("class_name").expected("a constraint class " + CONSTRAINTS);
            };
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage());
        }
    }

    private static int axis(ConfigNode a) throws ModelFormatException {
        if (a.isNullOrMissing()) {
            return 0;
        }
        if (a.json().isArray()) {
            List<ConfigNode> list = a.elements();
            if (list.size() != 1) {
                throw a.expected("a single axis (constraints over several axes are not supported)");
            }
            a = list.get(0);
        }
        if (!a.json().isIntegralNumber()) {
            throw a.expected("an integer axis");
        }
        return a.json().asInt();
    }

    /**
     * The JSON of {@code r} in dialect {@code d}, or JSON null.
     *
     * @param r the regularizer, or null
     * @param d the dialect of the file being written
     * @param where the place in the file being written, named in errors
     * @return a {@code {class_name, config}} object, or JSON null when {@code r} is null
     * @throws ModelFormatException when the dialect cannot express the regularizer
     */
    public static JsonNode write(Regularizer r, KerasDialect d, ConfigNode where) throws ModelFormatException {
        if (r == null) {
            return F.nullNode();
        }
        if (!(r instanceof L1L2 l)) {
            throw where.error("regularizer " + r + " has no " + d + " form; writable: " + REGULARIZERS);
        }
        ObjectNode c = F.objectNode();
        String cls;
        if (d == KerasDialect.TFJS || (l.l1() != 0 && l.l2() != 0)) {
            cls = "L1L2";
            c.put("l1", l.l1());
            c.put("l2", l.l2());
        } else if (l.l2() == 0) {
            cls = "L1";
            c.put("l1", l.l1());
        } else {
            cls = "L2";
            c.put("l2", l.l2());
        }
        return object(d, "keras.regularizers", cls, c);
    }

    /**
     * The JSON of {@code c} in dialect {@code d}, or JSON null.
     *
     * @param k the constraint, or null
     * @param d the dialect of the file being written
     * @param where the place in the file being written, named in errors
     * @return a {@code {class_name, config}} object, or JSON null when {@code k} is null
     * @throws ModelFormatException when the dialect cannot express the constraint
     */
    public static JsonNode write(Constraint k, KerasDialect d, ConfigNode where) throws ModelFormatException {
        if (k == null) {
            return F.nullNode();
        }
        ObjectNode c = F.objectNode();
        String cls;
        if (k instanceof MaxNorm m) {
            cls = "MaxNorm";
            c.put("max_value", m.maxValue());
            c.put("axis", m.axis());
        } else if (k instanceof NonNeg) {
            cls = "NonNeg";
        } else if (k instanceof UnitNorm u) {
            cls = "UnitNorm";
            c.put("axis", u.axis());
        } else if (k instanceof MinMaxNorm m) {
            cls = "MinMaxNorm";
            c.put("min_value", m.minValue());
            c.put("max_value", m.maxValue());
            c.put("rate", m.rate());
            c.put("axis", m.axis());
        } else {
            throw where.error("constraint " + k + " has no " + d + " form; writable: " + CONSTRAINTS);
        }
        return object(d, "keras.constraints", cls, c);
    }

    private static ObjectNode object(KerasDialect d, String module, String cls, ObjectNode config) {
        ObjectNode o = F.objectNode();
        if (d.isKeras3()) {
            o.put("module", module);
        }
        o.put("class_name", cls);
        o.set("config", config);
        if (d.isKeras3()) {
            o.putNull("registered_name");
        }
        return o;
    }
}
