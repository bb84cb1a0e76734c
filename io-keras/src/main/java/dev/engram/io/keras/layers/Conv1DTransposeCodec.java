package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.Conv1DTransposeConfig;
import dev.engram.layers.Padding;
import java.util.List;

/**
 * {@code Conv1DTranspose} (alias {@code Convolution1DTranspose}; tf-keras 2 and Keras 3): filters,
 * kernel size, strides, valid or same padding, dilation, {@code output_padding}, {@code data_format},
 * regularizers and constraints; kernel {@code [k, filters, in]}. TF.js 4.22 has no Conv1DTranspose:
 * the TF.js writer refuses it. Keras 3.10 does not save its own {@code output_padding} (it reads it).
 */
final class Conv1DTransposeCodec extends AbstractKerasLayerCodec<Conv1DTransposeConfig> {
    Conv1DTransposeCodec() {
        super(Conv1DTransposeConfig.class, "Conv1DTranspose", "Convolution1DTranspose");
    }

    @Override
    public Conv1DTransposeConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        String cls = "Conv1DTranspose";
        ConvKeys.refuseUnsupported(c, name, cls);
        Padding padding = ConvKeys.padding(c, name, cls);
        ConfigNode op = c.get("output_padding");
        Integer outputPadding = op.isNullOrMissing() ? null : ConfigKeys.single(op, 0);
        try {
            return new Conv1DTransposeConfig(c.get("filters").asInt(1), ConfigKeys.single(c.get("kernel_size"), 1),
                    ConfigKeys.single(c.get("strides"), 1), padding, ConfigKeys.single(c.get("dilation_rate"), 1),
                    outputPadding, SequenceKeys.dataFormat(c, name, cls), KerasActivations.fromName(c.get("activation"), d),
                    c.get("use_bias").asBoolean(true), KerasInitializers.read(c.get("kernel_initializer"), d),
                    KerasInitializers.read(c.get("bias_initializer"), d),
                    KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                    KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                    KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                    KerasWeightRules.constraint(c.get("bias_constraint"), d), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error(cls + " '" + name + "': " + e.getMessage());
        }
    }

    /** TF.js parity: tfjs-layers 4.22 has no Conv1DTranspose. */
    @Override
    public boolean writes(Conv1DTransposeConfig cv, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && d != KerasDialect.TFJS;
    }

    @Override
    public ObjectNode write(Conv1DTransposeConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(cv, d)) {
            throw ctx.at("class_name").error("layer '" + ctx.name() + "' is a Conv1DTranspose, which TF.js 4.22 does not"
                    + " have (tfjs-layers has no transposed 1-D convolution); save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        c.put("filters", cv.filters());
        c.set("kernel_size", SequenceKeys.list(List.of(cv.kernelSize())));
        c.set("strides", SequenceKeys.list(List.of(cv.strides())));
        c.put("padding", cv.padding() == Padding.SAME ? "same" : "valid");
        if (cv.outputPadding() != null) {
            c.set("output_padding", SequenceKeys.list(List.of(cv.outputPadding())));
        } else if (!d.isKeras3()) {
            c.putNull("output_padding");
        }
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        c.set("dilation_rate", SequenceKeys.list(List.of(cv.dilationRate())));
        ConvKeys.writeKernelAndBias(c, cv, d, ctx);
        return c;
    }

    @Override
    public List<String> weightNames(Conv1DTransposeConfig config) {
        return config.useBias() ? List.of("kernel", "bias") : List.of("kernel");
    }
}
