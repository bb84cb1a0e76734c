package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.Padding;
import dev.engram.layers.SeparableConv1DConfig;
import java.util.List;

/**
 * {@code SeparableConv1D} (alias {@code SeparableConvolution1D}; tf-keras 2.18 and Keras 3.10; TF.js 4.22 has none,
 * so the TF.js writer refuses it): filters, kernel size, strides, valid or same padding, dilation,
 * {@code depth_multiplier}, {@code data_format} and the keys {@link SeparableConv2DCodec} shares; weights
 * {@code depthwise_kernel [k, channels, multiplier]}, {@code pointwise_kernel [1, channels·multiplier, filters]} and
 * {@code bias}.
 */
final class SeparableConv1DCodec extends AbstractKerasLayerCodec<SeparableConv1DConfig> {
    SeparableConv1DCodec() {
        super(SeparableConv1DConfig.class, "SeparableConv1D", "SeparableConvolution1D");
    }

    @Override
    public SeparableConv1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        String cls = "SeparableConv1D";
        ConvKeys.refuseUnsupported(c, name, cls);
        Padding padding = ConvKeys.padding(c, name, cls);
        SeparableKeys k = SeparableKeys.read(c, ctx.dialect());
        try {
            return new SeparableConv1DConfig(c.get("filters").asInt(1), ConfigKeys.single(c.get("kernel_size"), 1),
                    ConfigKeys.single(c.get("strides"), 1), padding, ConfigKeys.single(c.get("dilation_rate"), 1),
                    ConvKeys.depthMultiplier(c), SequenceKeys.dataFormat(c, name, cls), k.activation(), k.useBias(),
                    k.depthwiseInitializer(), k.pointwiseInitializer(), k.biasInitializer(), k.depthwiseRegularizer(),
                    k.pointwiseRegularizer(), k.biasRegularizer(), k.depthwiseConstraint(), k.pointwiseConstraint(),
                    k.biasConstraint(), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error(cls + " '" + name + "': " + e.getMessage());
        }
    }

    /** TF.js parity: tfjs-layers 4.22 has no SeparableConv1D. */
    @Override
    public boolean writes(SeparableConv1DConfig cv, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && d != KerasDialect.TFJS;
    }

    @Override
    public ObjectNode write(SeparableConv1DConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(cv, d)) {
            throw ctx.at("class_name").error("layer '" + ctx.name() + "' is a SeparableConv1D, which TF.js 4.22 does "
                    + "not have; save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        c.put("filters", cv.filters());
        c.set("kernel_size", SequenceKeys.list(List.of(cv.kernelSize())));
        c.set("strides", SequenceKeys.list(List.of(cv.strides())));
        c.put("padding", cv.padding() == Padding.SAME ? "same" : "valid");
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        c.set("dilation_rate", SequenceKeys.list(List.of(cv.dilationRate())));
        SeparableConv2DCodec.writeSeparable(c, cv, d, ctx);
        return c;
    }

    @Override
    public List<String> weightNames(SeparableConv1DConfig config) {
        return SeparableConv2DCodec.separableWeights(config.useBias());
    }
}
