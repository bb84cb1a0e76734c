package dev.engram.io.keras;

import dev.engram.activations.Activation;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.layers.GruConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.WeightRules;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * LSTM, GRU and SimpleRNN entries to engine configs. Every field comes from the file, a missing key
 * taking the writing framework's default: GRU {@code reset_after} defaults to false in TF.js, Keras 1
 * and standalone Keras 2.0-2.2 (whose files predate the key or write it), and to true in Keras 3 (tf.keras 2
 * always writes it); {@code recurrent_activation} defaults per dialect. Dropout, recurrent dropout,
 * stateful and return_state map to the engine's fields; regularizers and constraints of kernel,
 * recurrent kernel and bias to {@link WeightRules}. Refused: activity regularizers, time_major,
 * Keras 3 zero_output_for_mask true outside a Bidirectional (Keras forces it there; the engine's masked
 * steps repeat the previous output), and Keras 1 regularizers.
 */
final class RecurrentConfigReader {
    private RecurrentConfigReader() {
    }

    /** Options shared by the three layers. */
    private record Common(int units, Activation activation, boolean useBias, boolean returnSequences,
            boolean returnState, boolean goBackwards, boolean stateful, double dropout, double recurrentDropout,
            Initializer kernel, Initializer recurrent, Initializer bias, WeightRules rules) {
    }

    static LstmConfig lstm(ConfigNode c, KerasDialect d, String name, Shape in, boolean inWrapper)
            throws ModelFormatException {
        Common o = common(c, d, name, "LSTM", inWrapper);
        boolean k1 = d == KerasDialect.KERAS_1;
        // TF.js writes unit_forget_bias null when unset, which it treats as false; Keras 1 has forget_bias_init.
        boolean unitForgetBias = k1 ? "one".equals(c.get("forget_bias_init").asString("one"))
                : c.get("unit_forget_bias").asBoolean(d != KerasDialect.TFJS);
        return new LstmConfig(o.units, o.activation, recurrentActivation(c, d), o.useBias, unitForgetBias,
                o.returnSequences, o.returnState, o.goBackwards, o.stateful, o.dropout, o.recurrentDropout,
                o.kernel, o.recurrent, o.bias, name, in, o.rules);
    }

    static GruConfig gru(ConfigNode c, KerasDialect d, String name, Shape in, boolean inWrapper)
            throws ModelFormatException {
        Common o = common(c, d, name, "GRU", inWrapper);
        boolean resetAfter = c.get("reset_after").asBoolean(d.isKeras3());
        return new GruConfig(o.units, o.activation, recurrentActivation(c, d), o.useBias, resetAfter,
                o.returnSequences, o.returnState, o.goBackwards, o.stateful, o.dropout, o.recurrentDropout,
                o.kernel, o.recurrent, o.bias, name, in, o.rules);
    }

    static SimpleRnnConfig simpleRnn(ConfigNode c, KerasDialect d, String name, Shape in, boolean inWrapper)
            throws ModelFormatException {
        Common o = common(c, d, name, "SimpleRNN", inWrapper);
        return new SimpleRnnConfig(o.units, o.activation, o.useBias, o.returnSequences, o.returnState,
                o.goBackwards, o.stateful, o.dropout, o.recurrentDropout, o.kernel, o.recurrent, o.bias, name, in,
                o.rules);
    }

    private static Activation recurrentActivation(ConfigNode c, KerasDialect d) throws ModelFormatException {
        ConfigNode ra = c.get(d == KerasDialect.KERAS_1 ? "inner_activation" : "recurrent_activation");
        return ra.isNullOrMissing() ? d.defaultRecurrentActivation() : KerasActivations.fromName(ra, d);
    }

    private static Common common(ConfigNode c, KerasDialect d, String name, String cls, boolean inWrapper)
            throws ModelFormatException {
        boolean k1 = d == KerasDialect.KERAS_1;
        refuse(c, name, cls, "activity_regularizer", "Engram has no activity regularizers");
        if (c.get("time_major").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("time_major").pointer(), name, cls,
                    cls + " '" + name + "' has time_major true; Engram reads batch-major sequences only");
        }
        if (!inWrapper && c.get("zero_output_for_mask").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("zero_output_for_mask").pointer(), name, cls,
                    cls + " '" + name + "' has zero_output_for_mask true; Engram's masked steps repeat the previous"
                            + " output (the Keras default)");
        }
        int units = c.get(k1 ? "output_dim" : "units").asInt(1);
        Activation act = KerasActivations.fromName(c.get("activation"), d);
        boolean useBias = c.get(k1 ? "bias" : "use_bias").asBoolean(true);
        double dropout = rate(c.get(k1 ? "dropout_W" : "dropout"));
        double recurrentDropout = rate(c.get(k1 ? "dropout_U" : "recurrent_dropout"));
        WeightRules rules = k1 ? keras1Rules(c, name, cls) : new WeightRules(
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("recurrent_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("recurrent_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d));
        return new Common(units, act, useBias, c.get("return_sequences").asBoolean(false),
                c.get("return_state").asBoolean(false), c.get("go_backwards").asBoolean(false),
                c.get("stateful").asBoolean(false), dropout, recurrentDropout,
                KerasInitializers.read(c.get(k1 ? "init" : "kernel_initializer"), d),
                KerasInitializers.read(c.get(k1 ? "inner_init" : "recurrent_initializer"), d),
                k1 ? Initializers.zeros() : KerasInitializers.read(c.get("bias_initializer"), d), rules);
    }

    private static WeightRules keras1Rules(ConfigNode c, String name, String cls) throws ModelFormatException {
        for (String key : List.of("W_regularizer", "U_regularizer", "b_regularizer", "W_constraint", "U_constraint",
                "b_constraint")) {
            refuse(c, name, cls, key, "Keras 1 regularizers and constraints are not read");
        }
        return WeightRules.NONE;
    }

    static double rate(ConfigNode v) throws ModelFormatException {
        double r = v.asDouble(0);
        if (!(r >= 0 && r < 1)) {
            throw v.expected("a rate in [0, 1)");
        }
        return r;
    }

    static void refuse(ConfigNode c, String name, String cls, String key, String why) throws ModelFormatException {
        ConfigNode v = c.get(key);
        if (!v.isNullOrMissing()) {
            throw new UnsupportedLayerException(c.file(), v.pointer(), name, cls, cls + " '" + name + "' has " + key
                    + " " + v.describe() + "; " + why);
        }
    }
}
