package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.Conv2DTransposeConfig;
import dev.engram.layers.Conv2DTransposeConfig.OutputPadding;
import dev.engram.layers.Conv2DWindow;
import java.util.List;

/**
 * {@code Conv2DTranspose} (alias {@code Convolution2DTranspose}): the Conv2D keys plus
 * {@code output_padding} (null, an integer or a {@code [rows, columns]} list). Kernel
 * {@code [kh, kw, filters, in]} in every dialect. TF.js 4.22 has neither dilation nor output
 * padding (its config drops {@code dilation_rate} and its output size ignores both), so such layers
 * are not written as TF.js, and a TF.js file naming a dilation is refused. Keras 3.10 does not write
 * {@code output_padding} into its own files (it reads it back when present); Engram writes it
 * whenever it is set.
 */
final class Conv2DTransposeCodec extends AbstractKerasLayerCodec<Conv2DTransposeConfig> {
    Conv2DTransposeCodec() {
        super(Conv2DTransposeConfig.class, "Conv2DTranspose", "Convolution2DTranspose");
    }

    @Override
    public Conv2DTransposeConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        String cls = "Conv2DTranspose";
        ConvKeys.refuseUnsupported(c, name, cls);
        Conv2DWindow w = ConvKeys.window(c, name, cls);
        if (d == KerasDialect.TFJS && (w.dilationHeight() != 1 || w.dilationWidth() != 1)) {
            throw new UnsupportedLayerException(c.file(), c.get("dilation_rate").pointer(), name, cls, cls + " '" + name
                    + "' has dilation_rate " + c.get("dilation_rate").describe() + ", which TF.js 4.22 ignores in its"
                    + " Conv2DTranspose; Engram cannot compute what TF.js would");
        }
        ConfigNode op = c.get("output_padding");
        OutputPadding padding = null;
        if (!op.isNullOrMissing()) {
            int[] p = op.json().isArray() && op.elements().size() == 2
                    ? new int[] {op.elements().get(0).asInt(0), op.elements().get(1).asInt(0)} : ConvKeys.size2(op, 0);
            padding = new OutputPadding(p[0], p[1]);
        }
        return new Conv2DTransposeConfig(c.get("filters").asInt(1), w, padding,
                SequenceKeys.dataFormat(c, name, cls), KerasActivations.fromName(c.get("activation"), d),
                c.get("use_bias").asBoolean(true), KerasInitializers.read(c.get("kernel_initializer"), d),
                KerasInitializers.read(c.get("bias_initializer"), d),
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d), name, ctx.inputShape());
    }

    /** TF.js parity: tfjs-layers 4.22's Conv2DTranspose has no dilation and no output padding. */
    @Override
    public boolean writes(Conv2DTransposeConfig cv, KerasDialect d) {
        Conv2DWindow w = cv.window();
        return d != KerasDialect.KERAS_1 && (d != KerasDialect.TFJS
                || cv.outputPadding() == null && w.dilationHeight() == 1 && w.dilationWidth() == 1);
    }

    @Override
    public ObjectNode write(Conv2DTransposeConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(cv, d)) {
            throw ctx.at("dilation_rate").error("Conv2DTranspose '" + ctx.name() + "' has a dilation or an output "
                    + "padding, which TF.js 4.22's Conv2DTranspose ignores (it has neither); save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        c.put("filters", cv.filters());
        ConvKeys.writeWindow(c, cv.window());
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        if (d != KerasDialect.TFJS) {
            ConvKeys.writeDilation(c, cv.window());
        }
        if (cv.outputPadding() != null) {
            c.set("output_padding", SequenceKeys.list(List.of(cv.outputPadding().height(), cv.outputPadding().width())));
        } else if (!d.isKeras3() && d != KerasDialect.TFJS) {
            c.putNull("output_padding");
        }
        ConvKeys.writeKernelAndBias(c, cv, d, ctx);
        return c;
    }

    @Override
    public List<String> weightNames(Conv2DTransposeConfig config) {
        return config.useBias() ? List.of("kernel", "bias") : List.of("kernel");
    }
}
