package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Padding;
import java.util.List;
import java.util.Locale;

/**
 * {@code Conv1D}: filters, kernel size, strides, padding (valid, same, causal), dilation, {@code groups}
 * (tf-keras 2.18 and Keras 3.10 save it and read each other's; TF.js has none), {@code data_format} (both Kerases
 * run channels_first); no regularizers, constraints or LoRA. TF.js has no causal, grouped or channels-first form
 * (see {@link #writes}).
 */
final class Conv1DCodec extends AbstractKerasLayerCodec<Conv1DConfig> {
    /**
     * TF.js parity: tfjs-layers 4.22's conv1dWithBias moves a channelsFirst input to channels-last and never moves the
     * output back, so TF.js computes {@code [batch, outSteps, filters]} where the layer declares
     * {@code [batch, filters, outSteps]} (checked in Node): neither Keras's numbers nor its own shape.
     */
    private static final String TFJS_CHANNELS_FIRST = "%s TF.js 4.22 computes wrongly (its conv1dWithBias transposes "
            + "the input to channels-last and never transposes the output back, so its output is [batch, steps, "
            + "filters] where the layer declares [batch, filters, steps]); Engram does not read or write it as TF.js: "
            + "use Keras h5 or .keras, or a channels-last Conv1D after a Permute((2, 1))";

    Conv1DCodec() {
        super(Conv1DConfig.class, "Conv1D");
    }

    @Override
    public Conv1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint", "lora_rank")) {
            ConfigKeys.refuse(c, name, "Conv1D", key, "Engram's Conv1D has no regularizers, constraints or LoRA");
        }
        DataFormat format = SequenceKeys.dataFormat(c, name, "Conv1D");
        if (d == KerasDialect.TFJS && format == DataFormat.CHANNELS_FIRST) {
            throw new UnsupportedLayerException(c.file(), c.get("data_format").pointer(), name, "Conv1D",
                    TFJS_CHANNELS_FIRST.formatted("Conv1D '" + name + "' is channels_first, which"));
        }
        int groups = ConvKeys.groups(c);
        Padding p = switch (c.get("padding").asString("valid")) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            case "causal" -> Padding.CAUSAL;
            default -> throw c.get("padding").expected("\"valid\", \"same\" or \"causal\"");
        };
        try {
            return new Conv1DConfig(c.get("filters").asInt(1), ConfigKeys.single(c.get("kernel_size"), 1),
                    ConfigKeys.single(c.get("strides"), 1), p, ConfigKeys.single(c.get("dilation_rate"), 1), groups,
                    format, KerasActivations.fromName(c.get("activation"), d), c.get("use_bias").asBoolean(true),
                    KerasInitializers.read(c.get("kernel_initializer"), d),
                    KerasInitializers.read(c.get("bias_initializer"), d), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error("Conv1D '" + name + "': " + e.getMessage());
        }
    }

    /**
     * TF.js parity: tfjs-layers 4.22 reads padding "causal" but its conv1dWithBias throws
     * NotImplementedError at predict time, so such a file would not run in TF.js; and it has no groups.
     */
    @Override
    public boolean writes(Conv1DConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && !(d == KerasDialect.TFJS && (config.padding() == Padding.CAUSAL
                || config.groups() != 1 || config.dataFormat() == DataFormat.CHANNELS_FIRST));
    }

    @Override
    public ObjectNode write(Conv1DConfig cv, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (d == KerasDialect.TFJS && cv.groups() != 1) {
            throw ctx.at("groups").error(ConvKeys.tfjsGroupsRefusal("Conv1D", cv.groups()));
        }
        if (d == KerasDialect.TFJS && cv.dataFormat() == DataFormat.CHANNELS_FIRST) {
            throw ctx.at("data_format").error(TFJS_CHANNELS_FIRST.formatted("layer '" + ctx.name()
                    + "' (Conv1D) is channels_first, which"));
        }
        if (!writes(cv, d)) {
            throw ctx.at("padding").error("Conv1D padding causal cannot run in TF.js (tfjs-layers 4.22 throws"
                    + " \"The support for CAUSAL padding mode in conv1dWithBias is not implemented yet\"); save it as"
                    + " Keras h5 or .keras instead");
        }
        ObjectNode c = ctx.header();
        c.put("filters", cv.filters());
        c.putArray("kernel_size").add(cv.kernelSize());
        c.putArray("strides").add(cv.strides());
        c.put("padding", cv.padding().name().toLowerCase(Locale.ROOT));
        c.put("data_format", SequenceKeys.dataFormat(cv.dataFormat()));
        c.putArray("dilation_rate").add(cv.dilationRate());
        if (d != KerasDialect.TFJS) {
            c.put("groups", cv.groups());
        }
        c.put("activation", KerasActivations.toName(cv.activation(), d, ctx.at("activation")));
        c.put("use_bias", cv.useBias());
        c.set("kernel_initializer", KerasInitializers.write(cv.kernelInitializer(), d, ctx.at("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(cv.biasInitializer(), d, ctx.at("bias_initializer")));
        ConfigKeys.nulls(c, "kernel_regularizer", "bias_regularizer");
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        ConfigKeys.nulls(c, "kernel_constraint", "bias_constraint");
        return c;
    }

    @Override
    public List<String> weightNames(Conv1DConfig config) {
        return config.useBias() ? List.of("kernel", "bias") : List.of("kernel");
    }
}
