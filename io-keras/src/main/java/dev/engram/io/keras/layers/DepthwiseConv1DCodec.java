package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.DepthwiseConv1DConfig;
import dev.engram.layers.Padding;
import java.util.List;

/**
 * {@code DepthwiseConv1D} (tf-keras 2.18 and Keras 3.10; TF.js 4.22 has none, so the TF.js writer refuses it):
 * kernel size, strides, valid or same padding, dilation, {@code depth_multiplier}, {@code data_format} and the
 * {@code depthwise_*} initializer, regularizer and constraint; weights {@code depthwise_kernel [k, channels,
 * multiplier]} and {@code bias}.
 */
final class DepthwiseConv1DCodec extends AbstractKerasLayerCodec<DepthwiseConv1DConfig> {
    DepthwiseConv1DCodec() {
        super(DepthwiseConv1DConfig.class, "DepthwiseConv1D");
    }

    @Override
    public DepthwiseConv1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        String cls = "DepthwiseConv1D";
        ConvKeys.refuseUnsupported(c, name, cls);
        Padding padding = ConvKeys.padding(c, name, cls);
        try {
            return new DepthwiseConv1DConfig(ConfigKeys.single(c.get("kernel_size"), 1),
                    ConfigKeys.single(c.get("strides"), 1), padding, ConfigKeys.single(c.get("dilation_rate"), 1),
                    ConvKeys.depthMultiplier(c), SequenceKeys.dataFormat(c, name, cls),
                    KerasActivations.fromName(c.get("activation"), d), c.get("use_bias").asBoolean(true),
                    KerasInitializers.read(c.get("depthwise_initializer"), d),
                    KerasInitializers.read(c.get("bias_initializer"), d),
                    KerasWeightRules.regularizer(c.get("depthwise_regularizer"), d),
                    KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                    KerasWeightRules.constraint(c.get("depthwise_constraint"), d),
                    KerasWeightRules.constraint(c.get("bias_constraint"), d), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error(cls + " '" + name + "': " + e.getMessage());
        }
    }

    /** TF.js parity: tfjs-layers 4.22 has no DepthwiseConv1D. */
    @Override
    public boolean writes(DepthwiseConv1DConfig cv, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && d != KerasDialect.TFJS;
    }

    @Override
    public ObjectNode write(DepthwiseConv1DConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(cv, d)) {
            throw ctx.at("class_name").error("layer '" + ctx.name() + "' is a DepthwiseConv1D, which TF.js 4.22 does "
                    + "not have; save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        c.set("kernel_size", SequenceKeys.list(List.of(cv.kernelSize())));
        c.set("strides", SequenceKeys.list(List.of(cv.strides())));
        c.put("padding", cv.padding() == Padding.SAME ? "same" : "valid");
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        c.set("dilation_rate", SequenceKeys.list(List.of(cv.dilationRate())));
        ConvKeys.writeDepthwise(c, cv, cv.depthMultiplier(), d, ctx);
        return c;
    }

    @Override
    public List<String> weightNames(DepthwiseConv1DConfig config) {
        return config.useBias() ? List.of("depthwise_kernel", "bias") : List.of("depthwise_kernel");
    }
}
