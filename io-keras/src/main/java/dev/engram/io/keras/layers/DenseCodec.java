package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.initializers.Initializers;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.DenseConfig;
import java.util.List;

/**
 * {@code Dense}: Keras 1 {@code output_dim}/{@code init}/{@code bias} and later {@code units}/
 * {@code kernel_initializer}/{@code use_bias}; regularizers and constraints of kernel and bias.
 * Refused: Keras 1 regularizers and constraints, Keras 3 LoRA. (activity_regularizer: {@link ActivityRegularizerKeys}.)
 */
final class DenseCodec extends AbstractKerasLayerCodec<DenseConfig> {
    DenseCodec() {
        super(DenseConfig.class, "Dense");
    }

    @Override
    public DenseConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        String name = ctx.name();
        boolean k1 = d == KerasDialect.KERAS_1;
        if (k1) {
            for (String key : List.of("W_regularizer", "b_regularizer", "W_constraint", "b_constraint")) {
                ConfigKeys.refuse(c, name, "Dense", key, "Keras 1 regularizers and constraints are not read");
            }
        }
        int units = c.get(k1 ? "output_dim" : "units").asInt(1);
        boolean useBias = c.get(k1 ? "bias" : "use_bias").asBoolean(true);
        if (d.isKeras3() && !c.get("lora_rank").isNullOrMissing()) {
            ConfigKeys.refuse(c, name, "Dense", "lora_rank", "Engram has no LoRA");
        }
        return new DenseConfig(units, KerasActivations.fromName(c.get("activation"), d), useBias,
                KerasInitializers.read(c.get(k1 ? "init" : "kernel_initializer"), d),
                k1 ? Initializers.zeros() : KerasInitializers.read(c.get("bias_initializer"), d),
                name, ctx.inputShape(),
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d));
    }

    @Override
    public ObjectNode write(DenseConfig dc, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ObjectNode c = ctx.header();
        c.put("units", dc.units());
        c.put("activation", KerasActivations.toName(dc.activation(), d, ctx.at("activation")));
        c.put("use_bias", dc.useBias());
        c.set("kernel_initializer", KerasInitializers.write(dc.kernelInitializer(), d, ctx.at("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(dc.biasInitializer(), d, ctx.at("bias_initializer")));
        c.set("kernel_regularizer", KerasWeightRules.write(dc.kernelRegularizer(), d, ctx.at("kernel_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(dc.biasRegularizer(), d, ctx.at("bias_regularizer")));
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        c.set("kernel_constraint", KerasWeightRules.write(dc.kernelConstraint(), d, ctx.at("kernel_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(dc.biasConstraint(), d, ctx.at("bias_constraint")));
        if (d.isKeras3()) {
            c.putNull("lora_rank");
        }
        return c;
    }

    @Override
    public List<String> weightNames(DenseConfig config) {
        return config.useBias() ? List.of("kernel", "bias") : List.of("kernel");
    }
}
