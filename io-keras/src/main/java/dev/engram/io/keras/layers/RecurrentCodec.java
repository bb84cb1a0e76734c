package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activation;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.WeightRules;
import java.util.List;

/**
 * What LSTM, GRU and SimpleRNN share in the Keras formats: every field comes from the file, a
 * missing key taking the writing framework's default. Dropout, recurrent dropout, stateful and
 * return_state map to the engine's fields; regularizers and constraints of kernel, recurrent kernel
 * and bias to {@link WeightRules}. Refused: time_major, Keras 3
 * zero_output_for_mask true outside a Bidirectional (Keras forces it there; the engine's masked steps
 * repeat the previous output), and Keras 1 regularizers. Written in each dialect's key order
 * (tfjs-layers 4.22, tf-keras 2, Keras 3); KERAS_2 omits {@code time_major} (Keras 3's load_model
 * rejects the key; tf-keras 2 defaults it to false) unless {@link Keras3Guard} adds it on purpose.
 *
 * @param <C> the recurrent config type
 */
abstract class RecurrentCodec<C extends RecurrentLayerConfig<C>> extends AbstractKerasLayerCodec<C> {

    /** The fields the three layers share, as read from or written to a file. */
    record Shared(int units, Activation activation, boolean useBias, boolean returnSequences,
            boolean returnState, boolean goBackwards, boolean stateful, double dropout, double recurrentDropout,
            Initializer kernel, Initializer recurrent, Initializer bias, WeightRules rules) {
    }

    RecurrentCodec(Class<C> configType, String className) {
        super(configType, className);
    }

    /** The engine config from the shared fields and the layer's own keys. */
    abstract C create(Shared s, ConfigNode c, KerasReadContext ctx) throws ModelFormatException;

    /** The shared fields of a config. */
    abstract Shared shared(C config);

    /** The recurrent activation (null for SimpleRNN, which has none). */
    Activation recurrentActivation(C config) {
        return null;
    }

    /** LSTM's unit_forget_bias, written after the initializers; null for the others. */
    Boolean unitForgetBias(C config) {
        return null;
    }

    /** GRU's reset_after, written last; null for the others. */
    Boolean resetAfter(C config) {
        return null;
    }

    /** Whether tf-keras writes {@code implementation} (not on SimpleRNN, where Keras 3 rejects it). */
    boolean writesImplementation() {
        return true;
    }

    @Override
    public List<String> weightNames(C config) {
        return shared(config).useBias() ? List.of("kernel", "recurrent_kernel", "bias")
                : List.of("kernel", "recurrent_kernel");
    }

    @Override
    public C read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return create(shared(c, ctx), c, ctx);
    }

    /** The recurrent activation of a file's config (Keras 1 {@code inner_activation}), or the dialect's default. */
    static Activation recurrentActivation(ConfigNode c, KerasDialect d) throws ModelFormatException {
        ConfigNode ra = c.get(d == KerasDialect.KERAS_1 ? "inner_activation" : "recurrent_activation");
        return ra.isNullOrMissing() ? d.defaultRecurrentActivation() : KerasActivations.fromName(ra, d);
    }

    private Shared shared(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        String name = ctx.name();
        String cls = ctx.className();
        boolean k1 = d == KerasDialect.KERAS_1;
        if (c.get("time_major").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("time_major").pointer(), name, cls,
                    cls + " '" + name + "' has time_major true; Engram reads batch-major sequences only");
        }
        if (!ctx.inWrapper() && c.get("zero_output_for_mask").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("zero_output_for_mask").pointer(), name, cls,
                    cls + " '" + name + "' has zero_output_for_mask true; Engram's masked steps repeat the previous"
                            + " output (the Keras default)");
        }
        WeightRules rules = k1 ? keras1Rules(c, name, cls) : new WeightRules(
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("recurrent_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("recurrent_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d));
        return new Shared(c.get(k1 ? "output_dim" : "units").asInt(1), KerasActivations.fromName(c.get("activation"), d),
                c.get(k1 ? "bias" : "use_bias").asBoolean(true), c.get("return_sequences").asBoolean(false),
                c.get("return_state").asBoolean(false), c.get("go_backwards").asBoolean(false),
                c.get("stateful").asBoolean(false), ConfigKeys.rate(c.get(k1 ? "dropout_W" : "dropout")),
                ConfigKeys.rate(c.get(k1 ? "dropout_U" : "recurrent_dropout")),
                KerasInitializers.read(c.get(k1 ? "init" : "kernel_initializer"), d),
                KerasInitializers.read(c.get(k1 ? "inner_init" : "recurrent_initializer"), d),
                k1 ? Initializers.zeros() : KerasInitializers.read(c.get("bias_initializer"), d), rules);
    }

    private static WeightRules keras1Rules(ConfigNode c, String name, String cls) throws ModelFormatException {
        for (String key : List.of("W_regularizer", "U_regularizer", "b_regularizer", "W_constraint", "U_constraint",
                "b_constraint")) {
            ConfigKeys.refuse(c, name, cls, key, "Keras 1 regularizers and constraints are not read");
        }
        return WeightRules.NONE;
    }

    @Override
    public ObjectNode write(C rc, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        Shared s = shared(rc);
        ObjectNode c = KerasEntries.object();
        if (d == KerasDialect.TFJS) {
            c.put("name", ctx.name());
            c.put("trainable", true);
            KerasEntries.tfjsInput(c, ctx.inputShape());
        } else {
            KerasEntries.header(c, ctx.name(), d);
            flags(c, s, d);
        }
        c.put("units", s.units());
        c.put("activation", KerasActivations.toName(s.activation(), d, ctx.at("activation")));
        Activation rec = recurrentActivation(rc);
        if (rec != null) {
            c.put("recurrent_activation", KerasActivations.toName(rec, d, ctx.at("recurrent_activation")));
        }
        c.put("use_bias", s.useBias());
        c.set("kernel_initializer", KerasInitializers.write(s.kernel(), d, ctx.at("kernel_initializer")));
        c.set("recurrent_initializer", KerasInitializers.write(s.recurrent(), d, ctx.at("recurrent_initializer")));
        c.set("bias_initializer", KerasInitializers.write(s.bias(), d, ctx.at("bias_initializer")));
        if (unitForgetBias(rc) != null) {
            c.put("unit_forget_bias", unitForgetBias(rc));
        }
        WeightRules rules = s.rules();
        c.set("kernel_regularizer", KerasWeightRules.write(rules.kernelRegularizer(), d, ctx.at("kernel_regularizer")));
        c.set("recurrent_regularizer", KerasWeightRules.write(rules.recurrentRegularizer(), d,
                ctx.at("recurrent_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(rules.biasRegularizer(), d, ctx.at("bias_regularizer")));
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        c.set("kernel_constraint", KerasWeightRules.write(rules.kernelConstraint(), d, ctx.at("kernel_constraint")));
        c.set("recurrent_constraint", KerasWeightRules.write(rules.recurrentConstraint(), d,
                ctx.at("recurrent_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(rules.biasConstraint(), d, ctx.at("bias_constraint")));
        c.put("dropout", s.dropout());
        c.put("recurrent_dropout", s.recurrentDropout());
        if (d == KerasDialect.TFJS) {
            c.putNull("implementation");
        } else if (d.isKeras3()) {
            c.putNull("seed");
        } else if (writesImplementation()) {
            // Keras parity: tf-keras SimpleRNN has no implementation key, and Keras 3 rejects it there.
            c.put("implementation", 2);
        }
        if (resetAfter(rc) != null) {
            c.put("reset_after", resetAfter(rc));
        }
        if (d == KerasDialect.TFJS) {
            flags(c, s, d);
        }
        return c;
    }

    private static void flags(ObjectNode c, Shared s, KerasDialect d) {
        c.put("return_sequences", s.returnSequences());
        c.put("return_state", s.returnState());
        c.put("go_backwards", s.goBackwards());
        c.put("stateful", s.stateful());
        c.put("unroll", false);
        if (d.isKeras3()) {
            c.put("zero_output_for_mask", false);
        }
    }
}
