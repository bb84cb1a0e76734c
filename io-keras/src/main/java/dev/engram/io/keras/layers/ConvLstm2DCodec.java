package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activation;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.ConvLstm2DConfig;
import dev.engram.layers.LayerIdentity;
import dev.engram.layers.RecurrentSettings;
import dev.engram.layers.WeightRules;
import java.util.List;

/**
 * {@code ConvLSTM2D} as TF.js 4.22, tf-keras 2.18 and Keras 3 write it: the LSTM keys
 * (activations, initializers, {@code unit_forget_bias}, regularizers and constraints of kernel,
 * recurrent kernel and bias, dropout rates, the sequence flags) plus the convolution's
 * {@code filters}, {@code kernel_size}, {@code strides}, {@code padding}, {@code data_format} and
 * {@code dilation_rate}. Refused: {@code time_major} true, Keras 3
 * {@code zero_output_for_mask} true.
 * {@code unroll} is ignored (TF.js refuses true; the math is the same).
 */
final class ConvLstm2DCodec extends AbstractKerasLayerCodec<ConvLstm2DConfig> {
    private static final String CLS = "ConvLSTM2D";

    ConvLstm2DCodec() {
        super(ConvLstm2DConfig.class, CLS);
    }

    @Override
    public ConvLstm2DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        for (String key : List.of("time_major", "zero_output_for_mask")) {
            if (c.get(key).asBoolean(false)) {
                throw new UnsupportedLayerException(c.file(), c.get(key).pointer(), name, CLS, CLS + " '" + name
                        + "' has " + key + " true, which Engram does not support");
            }
        }
        WeightRules rules = new WeightRules(KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("recurrent_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("recurrent_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d));
        RecurrentSettings s = new RecurrentSettings(c.get("filters").asInt(1),
                KerasActivations.fromName(c.get("activation"), d), c.get("use_bias").asBoolean(true),
                c.get("return_sequences").asBoolean(false), c.get("return_state").asBoolean(false),
                c.get("go_backwards").asBoolean(false), c.get("stateful").asBoolean(false),
                ConfigKeys.rate(c.get("dropout")), ConfigKeys.rate(c.get("recurrent_dropout")),
                KerasInitializers.read(c.get("kernel_initializer"), d),
                KerasInitializers.read(c.get("recurrent_initializer"), d),
                KerasInitializers.read(c.get("bias_initializer"), d), rules);
        // TF.js writes null for an unset unit_forget_bias, which it treats as false; Keras defaults to true.
        boolean unitForgetBias = c.get("unit_forget_bias").asBoolean(d != KerasDialect.TFJS);
        return new ConvLstm2DConfig(s, ConvKeys.window(c, name, CLS), SequenceKeys.dataFormat(c, name, CLS),
                RecurrentCodec.recurrentActivation(c, d), unitForgetBias, new LayerIdentity(name, ctx.inputShape()));
    }

    @Override
    public ObjectNode write(ConvLstm2DConfig cl, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ObjectNode c = ctx.header();
        if (d != KerasDialect.TFJS) {
            flags(c, cl, d);
            conv(c, cl);
        }
        c.put("activation", KerasActivations.toName(cl.activation(), d, ctx.at("activation")));
        Activation rec = cl.recurrentActivation();
        c.put("recurrent_activation", KerasActivations.toName(rec, d, ctx.at("recurrent_activation")));
        c.put("use_bias", cl.useBias());
        c.set("kernel_initializer", KerasInitializers.write(cl.kernelInitializer(), d, ctx.at("kernel_initializer")));
        c.set("recurrent_initializer", KerasInitializers.write(cl.recurrentInitializer(), d,
                ctx.at("recurrent_initializer")));
        c.set("bias_initializer", KerasInitializers.write(cl.biasInitializer(), d, ctx.at("bias_initializer")));
        c.put("unit_forget_bias", cl.unitForgetBias());
        WeightRules rules = cl.weightRules();
        c.set("kernel_regularizer", KerasWeightRules.write(rules.kernelRegularizer(), d, ctx.at("kernel_regularizer")));
        c.set("recurrent_regularizer", KerasWeightRules.write(rules.recurrentRegularizer(), d,
                ctx.at("recurrent_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(rules.biasRegularizer(), d, ctx.at("bias_regularizer")));
        c.putNull("activity_regularizer");
        c.set("kernel_constraint", KerasWeightRules.write(rules.kernelConstraint(), d, ctx.at("kernel_constraint")));
        c.set("recurrent_constraint", KerasWeightRules.write(rules.recurrentConstraint(), d,
                ctx.at("recurrent_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(rules.biasConstraint(), d, ctx.at("bias_constraint")));
        c.put("dropout", cl.settings().dropout());
        c.put("recurrent_dropout", cl.settings().recurrentDropout());
        if (d.isKeras3()) {
            c.putNull("seed");
        }
        if (d == KerasDialect.TFJS) {
            // TF.js parity: the cell's keys, then the convolution's, then the RNN's flags.
            c.putNull("implementation");
            conv(c, cl);
            flags(c, cl, d);
        }
        return c;
    }

    /** filters, kernel_size, strides, padding, data_format, dilation_rate. */
    private static void conv(ObjectNode c, ConvLstm2DConfig cl) {
        c.put("filters", cl.filters());
        ConvKeys.writeWindow(c, cl.window());
        c.put("data_format", SequenceKeys.dataFormat(cl.dataFormat()));
        ConvKeys.writeDilation(c, cl.window());
    }

    private static void flags(ObjectNode c, ConvLstm2DConfig cl, KerasDialect d) {
        c.put("return_sequences", cl.returnSequences());
        c.put("return_state", cl.returnState());
        c.put("go_backwards", cl.goBackwards());
        c.put("stateful", cl.stateful());
        c.put("unroll", false);
        if (d.isKeras3()) {
            c.put("zero_output_for_mask", false);
        }
    }

    @Override
    public List<String> weightNames(ConvLstm2DConfig config) {
        return config.useBias() ? List.of("kernel", "recurrent_kernel", "bias") : List.of("kernel", "recurrent_kernel");
    }
}
