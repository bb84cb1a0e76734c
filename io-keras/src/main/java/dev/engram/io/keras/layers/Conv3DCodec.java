package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.Conv3DConfig;
import java.util.List;

/**
 * {@code Conv3D}: filters, kernel size, strides, valid or
 * same padding, dilation, {@code data_format} (channels-last or -first, in every dialect: TF.js,
 * tf-keras and Keras 3 all read it), {@code groups} (tf-keras and Keras 3; TF.js 4.22 has none, so a grouped
 * layer is not written as TF.js), regularizers and constraints of kernel and bias. Refused:
 * LoRA. The kernel is stored {@code [kernelDepth, kernelHeight, kernelWidth, in/groups, out]} in
 * every format, as Engram keeps it.
 */
final class Conv3DCodec extends AbstractKerasLayerCodec<Conv3DConfig> {
    Conv3DCodec() {
        super(Conv3DConfig.class, "Conv3D");
    }

    @Override
    public Conv3DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        ConvKeys.refuseExtras(c, name, "Conv3D");
        int filters = c.get("filters").asInt(1);
        int groups = ConvKeys.groups(c, filters);
        return new Conv3DConfig(filters, ConvKeys.window3(c, name, "Conv3D"),
                SequenceKeys.dataFormat(c, name, "Conv3D"), KerasActivations.fromName(c.get("activation"), d),
                c.get("use_bias").asBoolean(true), KerasInitializers.read(c.get("kernel_initializer"), d),
                KerasInitializers.read(c.get("bias_initializer"), d),
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d), name, ctx.inputShape(), groups);
    }

    @Override
    public boolean writes(Conv3DConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && !(d == KerasDialect.TFJS && config.groups() != 1);
    }

    @Override
    public ObjectNode write(Conv3DConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (d == KerasDialect.TFJS && cv.groups() != 1) {
            throw ctx.at("groups").error(ConvKeys.tfjsGroupsRefusal("Conv3D", cv.groups()));
        }
        ObjectNode c = ctx.header();
        c.put("filters", cv.filters());
        ConvKeys.writeWindow(c, cv.window());
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        ConvKeys.writeDilation(c, cv.window());
        if (d != KerasDialect.TFJS) {
            c.put("groups", cv.groups());
        }
        ConvKeys.writeKernelAndBias(c, cv, d, ctx);
        return c;
    }

    @Override
    public List<String> weightNames(Conv3DConfig config) {
        return config.useBias() ? List.of("kernel", "bias") : List.of("kernel");
    }
}
