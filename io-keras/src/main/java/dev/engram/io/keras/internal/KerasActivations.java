package dev.engram.io.keras.internal;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.activations.Elu;
import dev.engram.activations.Gelu;
import dev.engram.activations.HardSigmoid;
import dev.engram.io.keras.HardSigmoidApproximation;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Activation names of the Keras family, per {@link KerasDialect}: the only place that knows
 * {@code "hard_sigmoid"}, {@code "swish"}/{@code "silu"}, {@code "gelu_new"} and the like.
 */
public final class KerasActivations {
    private static final List<String> COMMON = List.of("linear", "relu", "relu6", "elu", "selu", "tanh",
            "sigmoid", "hard_sigmoid", "softmax", "softplus", "softsign");
    /** Names with one meaning wherever they exist, written back under the same name. */
    private static final List<String> PLAIN = List.of("linear", "relu", "relu6", "selu", "tanh", "sigmoid",
            "softmax", "softplus", "softsign", "exponential", "mish", "log_softmax", "log_sigmoid", "hard_silu",
            "leaky_relu", "celu", "hard_tanh", "tanh_shrink", "hard_shrink", "soft_shrink", "squareplus",
            "sparse_plus", "sparse_sigmoid");
    /** Keras 3's string activations beyond Keras 2's (their parameters at Keras 3's defaults). */
    private static final List<String> KERAS_3_ONLY = List.of("log_softmax", "log_sigmoid", "hard_silu", "hard_swish",
            "leaky_relu", "celu", "hard_tanh", "tanh_shrink", "hard_shrink", "soft_shrink", "squareplus",
            "sparse_plus", "sparse_sigmoid");

    private KerasActivations() {
    }

    /**
     * The activation a config names, e.g. {@code "hard_sigmoid"} -> {@code hardSigmoid(0.2, 0.5)} in
     * TF.js/Keras 2 files and {@code hardSigmoid(1/6, 0.5)} in Keras 3 files. Keras 3 may write a
     * {@code {class_name: "function", config: "relu"}}-style object; its name is used.
     *
     * @param value the config's activation value: a name or a {@code {class_name, config}} object
     * @param d the file's dialect, which decides what ambiguous names such as {@code hard_sigmoid} mean
     * @return the activation
     * @throws ModelFormatException when the value is neither a string nor such an object, or names an activation
     *                              Engram does not support
     */
    public static Activation fromName(ConfigNode value, KerasDialect d) throws ModelFormatException {
        String name;
        if (value.json().isObject()) {
            // Keras 3 serialises some functions as {"module": "keras.activations", "class_name": "function", "config": "relu"}.
            name = value.get("config").json().isTextual() ? value.get("config").asString()
                    : value.get("class_name").asString();
        } else {
            name = value.asString();
        }
        Activation a = lookup(name, d);
        if (a == null) {
            throw value.error("unknown activation \"" + name + "\" for " + d + "; known: " + known(d));
        }
        return a;
    }

    private static Activation lookup(String name, KerasDialect d) {
        return switch (name) {
            case "linear" -> Activations.linear();
            case "relu" -> Activations.relu();
            case "relu6" -> d == KerasDialect.KERAS_1 ? null : Activations.relu6();
            case "elu" -> Activations.elu();
            case "selu" -> Activations.selu();
            case "tanh" -> Activations.tanh();
            case "sigmoid" -> Activations.sigmoid();
            case "hard_sigmoid" -> d.hardSigmoid();
            case "softmax" -> Activations.softmax();
            case "softplus" -> Activations.softplus();
            case "softsign" -> Activations.softsign();
            case "swish" -> d == KerasDialect.KERAS_1 ? null : Activations.swish();
            case "silu" -> d == KerasDialect.KERAS_3 ? Activations.swish() : null;
            case "gelu" -> d == KerasDialect.KERAS_1 ? null : Activations.gelu(false);
            case "gelu_new" -> d == KerasDialect.TFJS ? Activations.gelu(true) : null;
            case "exponential" -> d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3 ? Activations.exponential() : null;
            case "mish" -> d == KerasDialect.KERAS_1 ? null : Activations.mish();
            case "log_softmax" -> d == KerasDialect.TFJS || d == KerasDialect.KERAS_3 ? Activations.logSoftmax() : null;
            default -> d == KerasDialect.KERAS_3 ? keras3Only(name) : null;
        };
    }

    private static Activation keras3Only(String name) {
        return switch (name) {
            case "log_sigmoid" -> Activations.logSigmoid();
            case "hard_silu", "hard_swish" -> Activations.hardSilu();
            case "leaky_relu" -> Activations.leakyRelu();
            case "celu" -> Activations.celu();
            case "hard_tanh" -> Activations.hardTanh();
            case "tanh_shrink" -> Activations.tanhShrink();
            case "hard_shrink" -> Activations.hardShrink();
            case "soft_shrink" -> Activations.softShrink();
            case "squareplus" -> Activations.squareplus();
            case "sparse_plus" -> Activations.sparsePlus();
            case "sparse_sigmoid" -> Activations.sparseSigmoid();
            default -> null;
        };
    }

    private static List<String> known(KerasDialect d) {
        return switch (d) {
            case TFJS -> concat(List.of("swish", "gelu", "gelu_new", "mish", "log_softmax"));
            case KERAS_1 -> COMMON.stream().filter(n -> !n.equals("relu6")).toList();
            case KERAS_2 -> concat(List.of("swish", "gelu", "exponential", "mish"));
            case KERAS_3 -> concat(Stream.concat(Stream.of("swish", "silu", "gelu", "exponential",
                    "mish"), KERAS_3_ONLY.stream()).toList());
        };
    }

    private static List<String> concat(List<String> extra) {
        return Stream.concat(COMMON.stream(), extra.stream()).toList();
    }

    /**
     * The name dialect {@code d} uses for {@code a}.
     *
     * @param where file/model name and location for the error message
     * @param a the activation to write
     * @param d the dialect of the file being written
     * @return the name to write, e.g. {@code "relu"}
     * @throws ModelFormatException if the dialect has no name for the function (e.g. hard sigmoid with
     *                              slope 0.3, elu with alpha 0.5, gelu's tanh form outside TF.js)
     */
    public static String toName(Activation a, KerasDialect d, ConfigNode where) throws ModelFormatException {
        String name = nameOf(a, d);
        if (name == null) {
            String hint = a.equals(KerasDialect.KERAS_2.hardSigmoid()) && d == KerasDialect.KERAS_3
                    ? "; for Keras 3 use a sigmoid recurrent activation, or save the Keras 2 dialect .h5 (tf-keras 2"
                    + " loads it, Keras 3 refuses it), or convert explicitly with HardSigmoidApproximation.toKeras3,"
                    + " which reports the deviation on your probe inputs" : "";
            throw where.error("activation " + a.name() + " has no name in " + d + " (names known: " + known(d)
                    + "); writing it would change the model's function" + hint);
        }
        return name;
    }

    private static String nameOf(Activation a, KerasDialect d) {
        if (a instanceof HardSigmoid) {
            return a.equals(d.hardSigmoid()) ? "hard_sigmoid" : null;
        }
        if (a instanceof Elu e) {
            return e.alpha() == 1.0 ? "elu" : null;
        }
        if (a instanceof Gelu g) {
            if (d == KerasDialect.KERAS_1) {
                return null;
            }
            // TF.js parity: tfjs-layers 4.22 registers "gelu_new" but its deserializer looks up "geluNew" and
            // fails, so no TF.js version can load the tanh form from a file; Keras has no string name for it.
            return g.approximate() ? null : "gelu";
        }
        for (String n : PLAIN) {
            Activation known = lookup(n, d);
            if (known != null && known.equals(a)) {
                return n;
            }
        }
        if (Activations.swish().equals(a)) {
            return switch (d) {
                case KERAS_1 -> null;
                case KERAS_3 -> "silu";
                default -> "swish";
            };
        }
        return null;
    }
}
