package dev.engram.io.keras.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.initializers.Constant;
import dev.engram.initializers.Distribution;
import dev.engram.initializers.FanMode;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.initializers.Orthogonal;
import dev.engram.initializers.RandomNormal;
import dev.engram.initializers.RandomUniform;
import dev.engram.initializers.TruncatedNormal;
import dev.engram.initializers.VarianceScaling;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Initializer configs of the Keras family ({@code {"class_name": "VarianceScaling", "config": {...}}},
 * Keras 1 strings like {@code "glorot_uniform"}), per {@link KerasDialect}.
 *
 * <p>Writing always uses the generic classes (VarianceScaling, Orthogonal, Zeros/Ones/Constant,
 * RandomUniform, RandomNormal, TruncatedNormal). A truncated normal with or without the 0.8796
 * correction is re-expressed exactly by rescaling {@code scale} by 0.87962566103423978^2 when the
 * target dialect only names the other form.
 */
public final class KerasInitializers {
    /** Keras parity: the stddev of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATION_STDDEV = 0.87962566103423978;
    private static final List<String> KNOWN = List.of("VarianceScaling", "GlorotUniform", "GlorotNormal",
            "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal", "Zeros", "Ones", "Constant",
            "RandomUniform", "RandomNormal", "TruncatedNormal");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KerasInitializers() {
    }

    /**
     * The initializer a config value describes.
     *
     * @param value a {@code {class_name, config}} object (or a bare Keras 1 name such as {@code "glorot_uniform"})
     * @param d the file's dialect, which decides class-name spellings and defaults
     * @return the initializer
     * @throws ModelFormatException when the value is malformed or names an initializer Engram does not support
     */
    public static Initializer read(ConfigNode value, KerasDialect d) throws ModelFormatException {
        if (value.json().isTextual()) {
            return fromKeras1Name(value);
        }
        value.requireObject();
        String cls = value.get("class_name").asString();
        ConfigNode c = value.get("config");
        Initializer init = switch (cls) {
            case "VarianceScaling" -> new VarianceScaling(c.get("scale").asDouble(1.0), fanMode(c.get("mode")),
                    distribution(c.get("distribution"), d), OptionalLong.empty());
            case "GlorotUniform", "glorot_uniform" -> Initializers.glorotUniform();
            case "GlorotNormal", "glorot_normal" -> d == KerasDialect.TFJS ? Initializers.glorotNormalTfjs()
                    : Initializers.glorotNormal();
            case "HeUniform", "he_uniform" -> Initializers.heUniform();
            case "HeNormal", "he_normal" -> d == KerasDialect.TFJS ? Initializers.heNormalTfjs() : Initializers.heNormal();
            case "LecunUniform", "lecun_uniform" -> Initializers.lecunUniform();
            case "LecunNormal", "lecun_normal" -> d == KerasDialect.TFJS ? Initializers.lecunNormalTfjs()
                    : Initializers.lecunNormal();
            // Keras parity: Keras 3.0-3.5 serialise the class as "OrthogonalInitializer".
            case "Orthogonal", "orthogonal", "OrthogonalInitializer" -> Initializers.orthogonal(c.get("gain").asDouble(1.0));
            case "Zeros", "zeros", "Zero" -> Initializers.zeros();
            case "Ones", "ones", "One" -> Initializers.ones();
            case "Constant", "constant" -> Initializers.constant(c.get("value").asDouble(0.0));
            case "RandomUniform", "random_uniform" -> Initializers.randomUniform(c.get("minval").asDouble(-0.05),
                    c.get("maxval").asDouble(0.05));
            case "RandomNormal", "random_normal" -> Initializers.randomNormal(c.get("mean").asDouble(0.0),
                    c.get("stddev").asDouble(0.05));
            case "TruncatedNormal", "truncated_normal" -> Initializers.truncatedNormal(c.get("mean").asDouble(0.0),
                    c.get("stddev").asDouble(0.05));
            default -> throw value.get("class_name").error("unknown initializer class \"" + cls + "\"; known: " + KNOWN);
        };
        Long seed = c.isNullOrMissing() ? null : c.get("seed").asLongOrNull();
        return seed == null ? init : init.withSeed(seed);
    }

    /** Keras 1 string names (Keras 1.2 initializations.py). */
    private static Initializer fromKeras1Name(ConfigNode value) throws ModelFormatException {
        String name = value.asString();
        return switch (name) {
            case "glorot_uniform" -> Initializers.glorotUniform();
            // Keras parity: Keras 1 glorot_normal/he_normal/lecun_normal draw an untruncated normal.
            case "glorot_normal" -> Initializers.varianceScaling(1, FanMode.FAN_AVG, Distribution.NORMAL);
            case "he_normal" -> Initializers.varianceScaling(2, FanMode.FAN_IN, Distribution.NORMAL);
            case "lecun_normal" -> Initializers.varianceScaling(1, FanMode.FAN_IN, Distribution.NORMAL);
            case "he_uniform" -> Initializers.heUniform();
            case "lecun_uniform" -> Initializers.lecunUniform();
            // Keras parity: Keras 1 orthogonal's default scale is 1.1.
            case "orthogonal" -> Initializers.orthogonal(1.1);
            case "zero", "zeros" -> Initializers.zeros();
            case "one", "ones" -> Initializers.ones();
            case "uniform" -> Initializers.randomUniform();
            case "normal" -> Initializers.randomNormal();
            default -> throw value.error("unknown Keras 1 initializer \"" + name + "\"");
        };
    }

    private static FanMode fanMode(ConfigNode v) throws ModelFormatException {
        String m = v.asString("fan_in");
        return switch (m) {
            case "fan_in", "fanIn" -> FanMode.FAN_IN;
            case "fan_out", "fanOut" -> FanMode.FAN_OUT;
            case "fan_avg", "fanAvg" -> FanMode.FAN_AVG;
            default -> throw v.expected("\"fan_in\", \"fan_out\" or \"fan_avg\"");
        };
    }

    private static Distribution distribution(ConfigNode v, KerasDialect d) throws ModelFormatException {
        String s = v.asString("normal");
        return switch (s) {
            case "normal" -> d.varianceScalingNormal();
            case "truncated_normal" -> Distribution.TRUNCATED_NORMAL;
            case "untruncated_normal" -> Distribution.NORMAL;
            case "uniform" -> Distribution.UNIFORM;
            default -> throw v.expected("\"normal\", \"truncated_normal\", \"untruncated_normal\" or \"uniform\"");
        };
    }

    /**
     * The config object for {@code init} in dialect {@code d} ({@code {class_name, config}}, plus
     * {@code module}/{@code registered_name} for Keras 3).
     *
     * @param init the initializer to write
     * @param d the dialect of the file being written
     * @param where the place in the file being written, named in the error
     * @return a new JSON object
     * @throws ModelFormatException if the dialect cannot express it (e.g. an untruncated normal
     *                              variance scaling in TF.js)
     */
    public static ObjectNode write(Initializer init, KerasDialect d, ConfigNode where) throws ModelFormatException {
        ObjectNode c = F.objectNode();
        String cls;
        OptionalLong seed = OptionalLong.empty();
        if (init instanceof VarianceScaling v) {
            cls = "VarianceScaling";
            double scale = v.scale();
            String dist;
            Distribution want = v.distribution();
            if (want == Distribution.UNIFORM) {
                dist = "uniform";
            } else if (d == KerasDialect.TFJS) {
                if (want == Distribution.NORMAL) {
                    throw where.error("an untruncated-normal variance scaling initializer has no TF.js form");
                }
                dist = "normal";
                if (want == Distribution.TRUNCATED_NORMAL) {
                    // Same distribution: TF.js's uncorrected stddev sqrt(s') equals sqrt(s)/0.8796.
                    scale = scale / (TRUNCATION_STDDEV * TRUNCATION_STDDEV);
                }
            } else {
                dist = want == Distribution.NORMAL ? "untruncated_normal" : "truncated_normal";
                if (want == Distribution.TRUNCATED_NORMAL_UNCORRECTED) {
                    scale = scale * TRUNCATION_STDDEV * TRUNCATION_STDDEV;
                }
            }
            c.put("scale", scale);
            c.put("mode", switch (v.mode()) {
                case FAN_IN -> "fan_in";
                case FAN_OUT -> "fan_out";
                case FAN_AVG -> "fan_avg";
            });
            c.put("distribution", dist);
            seed = v.seed();
        } else if (init instanceof Orthogonal o) {
            cls = "Orthogonal";
            c.put("gain", o.gain());
            seed = o.seed();
        } else if (init instanceof Constant k) {
            cls = k.value() == 0 ? "Zeros" : k.value() == 1 ? "Ones" : "Constant";
            if (cls.equals("Constant")) {
                c.put("value", k.value());
            }
        } else if (init instanceof RandomUniform u) {
            cls = "RandomUniform";
            c.put("minval", u.minval());
            c.put("maxval", u.maxval());
            seed = u.seed();
        } else if (init instanceof RandomNormal n) {
            cls = "RandomNormal";
            c.put("mean", n.mean());
            c.put("stddev", n.stddev());
            seed = n.seed();
        } else if (init instanceof TruncatedNormal t) {
            cls = "TruncatedNormal";
            c.put("mean", t.mean());
            c.put("stddev", t.stddev());
            seed = t.seed();
        } else {
            throw where.error("initializer " + init + " has no " + d + " form");
        }
        if (!cls.equals("Zeros") && !cls.equals("Ones") && !cls.equals("Constant")) {
            if (seed.isPresent()) {
                c.put("seed", seed.getAsLong());
            } else {
                c.putNull("seed");
            }
        }
        ObjectNode out = F.objectNode();
        if (d.isKeras3()) {
            out.put("module", "keras.initializers");
        }
        out.put("class_name", cls);
        out.set("config", c);
        if (d.isKeras3()) {
            out.putNull("registered_name");
        }
        return out;
    }
}
