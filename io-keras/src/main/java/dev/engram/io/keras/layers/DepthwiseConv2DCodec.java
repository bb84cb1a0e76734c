package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DepthwiseConv2DConfig;
import java.util.List;

/**
 * {@code DepthwiseConv2D}: the Conv2D window keys, {@code depth_multiplier} and the
 * {@code depthwise_*} initializer, regularizer and constraint; weights {@code depthwise_kernel
 * [kh, kw, channels, multiplier]} and {@code bias}. TF.js 4.22 ignores {@code dilation_rate} in its
 * DepthwiseConv2D (it convolves undilated), so a dilated layer is not written as TF.js and a TF.js
 * file naming one is refused.
 */
final class DepthwiseConv2DCodec extends AbstractKerasLayerCodec<DepthwiseConv2DConfig> {
    DepthwiseConv2DCodec() {
        super(DepthwiseConv2DConfig.class, "DepthwiseConv2D");
    }

    @Override
    public DepthwiseConv2DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        String cls = "DepthwiseConv2D";
        ConvKeys.refuseUnsupported(c, name, cls);
        Conv2DWindow w = ConvKeys.window(c, name, cls);
        if (d == KerasDialect.TFJS && (w.dilationHeight() != 1 || w.dilationWidth() != 1)) {
            throw new UnsupportedLayerException(c.file(), c.get("dilation_rate").pointer(), name, cls, cls + " '" + name
                    + "' has dilation_rate " + c.get("dilation_rate").describe() + ", which TF.js 4.22 ignores in its"
                    + " DepthwiseConv2D; Engram cannot compute what TF.js would");
        }
        return new DepthwiseConv2DConfig(ConvKeys.depthMultiplier(c), w, SequenceKeys.dataFormat(c, name, cls),
                KerasActivations.fromName(c.get("activation"), d), c.get("use_bias").asBoolean(true),
                KerasInitializers.read(c.get("depthwise_initializer"), d),
                KerasInitializers.read(c.get("bias_initializer"), d),
                KerasWeightRules.regularizer(c.get("depthwise_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("depthwise_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d), name, ctx.inputShape());
    }

    /** TF.js parity: tfjs-layers 4.22's DepthwiseConv2D does not dilate. */
    @Override
    public boolean writes(DepthwiseConv2DConfig cv, KerasDialect d) {
        Conv2DWindow w = cv.window();
        return d != KerasDialect.KERAS_1 && (d != KerasDialect.TFJS || w.dilationHeight() == 1 && w.dilationWidth() == 1);
    }

    @Override
    public ObjectNode write(DepthwiseConv2DConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(cv, d)) {
            throw ctx.at("dilation_rate").error("DepthwiseConv2D '" + ctx.name() + "' is dilated, which TF.js 4.22's "
                    + "DepthwiseConv2D ignores; save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        ConvKeys.writeWindow(c, cv.window());
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        ConvKeys.writeDilation(c, cv.window());
        ConvKeys.writeDepthwise(c, cv, cv.depthMultiplier(), d, ctx);
        return c;
    }

    @Override
    public List<String> weightNames(DepthwiseConv2DConfig config) {
        return config.useBias() ? List.of("depthwise_kernel", "bias") : List.of("depthwise_kernel");
    }
}
