package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.SeparableConv2DConfig;
import dev.engram.layers.SeparableSettings;
import java.util.List;

/**
 * {@code SeparableConv2D} (alias {@code SeparableConvolution2D}): the Conv2D window keys, filters,
 * {@code depth_multiplier} and the {@code depthwise_*} / {@code pointwise_*} initializers,
 * regularizers and constraints; weights in the peers' order {@code depthwise_kernel [kh, kw, C, M]},
 * {@code pointwise_kernel [1, 1, C·M, filters]}, {@code bias}. TF.js 4.22 adds a channels-first
 * layer's bias to its channels-last intermediate (it fails, or adds along the wrong axis), so a
 * channels-first SeparableConv2D with a bias is neither read from nor written to TF.js. TF.js also
 * leaves {@code depth_multiplier} out of its files (read as 1, as TF.js does); Engram writes it, and
 * TF.js reads it back.
 */
final class SeparableConv2DCodec extends AbstractKerasLayerCodec<SeparableConv2DConfig> {
    SeparableConv2DCodec() {
        super(SeparableConv2DConfig.class, "SeparableConv2D", "SeparableConvolution2D");
    }

    @Override
    public SeparableConv2DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        String cls = "SeparableConv2D";
        ConvKeys.refuseUnsupported(c, name, cls);
        if (d == KerasDialect.TFJS && SequenceKeys.dataFormat(c, name, cls) == DataFormat.CHANNELS_FIRST
                && c.get("use_bias").asBoolean(true)) {
            throw new UnsupportedLayerException(c.file(), c.get("data_format").pointer(), name, cls, cls + " '" + name
                    + "' is channels_first with a bias, which TF.js 4.22 adds along the wrong axis (or fails on)");
        }
        Conv2DWindow w = ConvKeys.window(c, name, cls);
        SeparableKeys k = SeparableKeys.read(c, d);
        return new SeparableConv2DConfig(c.get("filters").asInt(1), w, ConvKeys.depthMultiplier(c),
                SequenceKeys.dataFormat(c, name, cls), k.activation(), k.useBias(), k.depthwiseInitializer(),
                k.pointwiseInitializer(), k.biasInitializer(), k.depthwiseRegularizer(), k.pointwiseRegularizer(),
                k.biasRegularizer(), k.depthwiseConstraint(), k.pointwiseConstraint(), k.biasConstraint(), name,
                ctx.inputShape());
    }

    /** TF.js parity: tfjs-layers 4.22 mis-adds a channels-first SeparableConv2D's bias. */
    @Override
    public boolean writes(SeparableConv2DConfig cv, KerasDialect d) {
        return d != KerasDialect.KERAS_1
                && !(d == KerasDialect.TFJS && cv.dataFormat() == DataFormat.CHANNELS_FIRST && cv.useBias());
    }

    @Override
    public ObjectNode write(SeparableConv2DConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(cv, d)) {
            throw ctx.at("data_format").error("SeparableConv2D '" + ctx.name() + "' is channels_first with a bias, which "
                    + "TF.js 4.22 adds along the wrong axis; save it as Keras h5 or .keras, or channels_last");
        }
        ObjectNode c = ctx.header();
        c.put("filters", cv.filters());
        ConvKeys.writeWindow(c, cv.window());
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        ConvKeys.writeDilation(c, cv.window());
        writeSeparable(c, cv, d, ctx);
        return c;
    }

    /**
     * Writes the keys the separable convolutions share after their window, in Keras's order (Keras parity: no
     * {@code groups}: tf-keras writes groups 1, which Keras 3.10's constructor refuses).
     */
    static void writeSeparable(ObjectNode c, SeparableSettings cv, KerasDialect d, KerasWriteContext ctx)
            throws ModelFormatException {
        c.put("activation", KerasActivations.toName(cv.activation(), d, ctx.at("activation")));
        c.put("use_bias", cv.useBias());
        c.set("bias_initializer", KerasInitializers.write(cv.biasInitializer(), d, ctx.at("bias_initializer")));
        c.set("bias_regularizer", KerasWeightRules.write(cv.biasRegularizer(), d, ctx.at("bias_regularizer")));
        c.putNull("activity_regularizer");
        c.set("bias_constraint", KerasWeightRules.write(cv.biasConstraint(), d, ctx.at("bias_constraint")));
        c.put("depth_multiplier", cv.depthMultiplier());
        c.set("depthwise_initializer", KerasInitializers.write(cv.depthwiseInitializer(), d,
                ctx.at("depthwise_initializer")));
        c.set("pointwise_initializer", KerasInitializers.write(cv.pointwiseInitializer(), d,
                ctx.at("pointwise_initializer")));
        c.set("depthwise_regularizer", KerasWeightRules.write(cv.depthwiseRegularizer(), d,
                ctx.at("depthwise_regularizer")));
        c.set("pointwise_regularizer", KerasWeightRules.write(cv.pointwiseRegularizer(), d,
                ctx.at("pointwise_regularizer")));
        c.set("depthwise_constraint", KerasWeightRules.write(cv.depthwiseConstraint(), d, ctx.at("depthwise_constraint")));
        c.set("pointwise_constraint", KerasWeightRules.write(cv.pointwiseConstraint(), d, ctx.at("pointwise_constraint")));
    }

    /** The separable weights' names in the peers' order. */
    static List<String> separableWeights(boolean useBias) {
        return useBias ? List.of("depthwise_kernel", "pointwise_kernel", "bias")
                : List.of("depthwise_kernel", "pointwise_kernel");
    }

    @Override
    public List<String> weightNames(SeparableConv2DConfig config) {
        return separableWeights(config.useBias());
    }
}
