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
import dev.engram.layers.Conv3DWindow;
import dev.engram.layers.KernelBiasSettings;
import dev.engram.layers.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keys the 2-D and 3-D convolution codecs share: the window ({@code kernel_size}, {@code strides},
 * {@code dilation_rate}, {@code padding}, each size an integer or a list with one entry per spatial axis),
 * {@code groups} (read by Conv1D and Conv2D, refused elsewhere), and the key Engram refuses (LoRA).
 */
final class ConvKeys {
    private ConvKeys() {
    }

    /** A 2-D size: one integer for both axes or a {@code [rows, columns]} list; {@code fallback} when absent. */
    static int[] size2(ConfigNode v, int fallback) throws ModelFormatException {
        return sizes(v, 2, fallback, "an integer or a [rows, columns] list");
    }

    /** A 3-D size: one integer for all axes or a {@code [depth, rows, columns]} list; {@code fallback} when absent. */
    static int[] size3(ConfigNode v, int fallback) throws ModelFormatException {
        return sizes(v, 3, fallback, "an integer or a [depth, rows, columns] list");
    }

    private static int[] sizes(ConfigNode v, int axes, int fallback, String expected) throws ModelFormatException {
        int[] out = new int[axes];
        if (v.isNullOrMissing()) {
            Arrays.fill(out, fallback);
            return out;
        }
        if (v.json().isArray()) {
            List<ConfigNode> e = v.elements();
            if (e.size() != axes) {
                throw v.expected(expected);
            }
            for (int i = 0; i < axes; i++) {
                out[i] = e.get(i).asInt(1);
            }
            return out;
        }
        Arrays.fill(out, v.asInt(1));
        return out;
    }

    /** The window of a 2-D convolution entry (valid or same padding). */
    static Conv2DWindow window(ConfigNode c, String name, String cls) throws ModelFormatException {
        int[] k = size2(c.get("kernel_size"), 0);
        requireKernel(c, k);
        int[] s = size2(c.get("strides"), 1);
        int[] d = size2(c.get("dilation_rate"), 1);
        Padding padding = padding(c, name, cls);
        try {
            return new Conv2DWindow(k[0], k[1], s[0], s[1], d[0], d[1], padding);
        } catch (IllegalArgumentException e) {
            throw c.error(cls + " '" + name + "': " + e.getMessage());
        }
    }

    /** The window of a 3-D convolution entry (valid or same padding). */
    static Conv3DWindow window3(ConfigNode c, String name, String cls) throws ModelFormatException {
        int[] k = size3(c.get("kernel_size"), 0);
        requireKernel(c, k);
        int[] s = size3(c.get("strides"), 1);
        int[] d = size3(c.get("dilation_rate"), 1);
        Padding padding = padding(c, name, cls);
        try {
            return new Conv3DWindow(k[0], k[1], k[2], s[0], s[1], s[2], d[0], d[1], d[2], padding);
        } catch (IllegalArgumentException e) {
            throw c.error(cls + " '" + name + "': " + e.getMessage());
        }
    }

    private static void requireKernel(ConfigNode c, int[] k) throws ModelFormatException {
        if (k[0] == 0) {
            throw c.get("kernel_size").expected("a kernel size");
        }
    }

    /** {@code padding}: valid (also when absent) or same; anything else is refused naming the layer. */
    static Padding padding(ConfigNode c, String name, String cls) throws ModelFormatException {
        ConfigNode p = c.get("padding");
        return switch (p.asString("valid").toLowerCase(Locale.ROOT)) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> throw new UnsupportedLayerException(c.file(), p.pointer(), name, cls, cls + " '" + name
                    + "' has padding " + p.describe() + "; expected valid or same");
        };
    }

    /**
     * Writes the keys every convolution shares, in Keras's order: activation, use_bias, the kernel's and
     * bias's initializers and regularizers, a null activity_regularizer (the layer's own is set by
     * {@link ActivityRegularizerKeys}), the constraints.
     *
     * @param c the config object being written
     * @param cv the layer's kernel-and-bias settings
     * @param d the dialect written
     * @param ctx where the layer is written, for errors
     * @throws ModelFormatException when the dialect has no name for a function or rule
     */
    static void writeKernelAndBias(ObjectNode c, KernelBiasSettings cv, KerasDialect d, KerasWriteContext ctx)
            throws ModelFormatException {
        c.put("activation", KerasActivations.toName(cv.activation(), d, ctx.at("activation")));
        c.put("use_bias", cv.useBias());
        c.set("kernel_initializer", KerasInitializers.write(cv.kernelInitializer(), d, ctx.at("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(cv.biasInitializer(), d, ctx.at("bias_initializer")));
        c.set("kernel_regularizer", KerasWeightRules.write(cv.kernelRegularizer(), d, ctx.at("kernel_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(cv.biasRegularizer(), d, ctx.at("bias_regularizer")));
        c.putNull("activity_regularizer");
        c.set("kernel_constraint", KerasWeightRules.write(cv.kernelConstraint(), d, ctx.at("kernel_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(cv.biasConstraint(), d, ctx.at("bias_constraint")));
    }

    /**
     * Writes the keys the depthwise convolutions share after their window, in Keras's order: activation, use_bias,
     * the bias's initializer, regularizer and constraint, a null activity_regularizer, depth_multiplier and the
     * {@code depthwise_*} initializer, regularizer and constraint (Keras parity: no {@code groups}: tf-keras writes
     * groups 1, which Keras 3.10's constructor refuses).
     */
    static void writeDepthwise(ObjectNode c, KernelBiasSettings cv, int depthMultiplier, KerasDialect d,
            KerasWriteContext ctx) throws ModelFormatException {
        c.put("activation", KerasActivations.toName(cv.activation(), d, ctx.at("activation")));
        c.put("use_bias", cv.useBias());
        c.set("bias_initializer", KerasInitializers.write(cv.biasInitializer(), d, ctx.at("bias_initializer")));
        c.set("bias_regularizer", KerasWeightRules.write(cv.biasRegularizer(), d, ctx.at("bias_regularizer")));
        c.putNull("activity_regularizer");
        c.set("bias_constraint", KerasWeightRules.write(cv.biasConstraint(), d, ctx.at("bias_constraint")));
        c.put("depth_multiplier", depthMultiplier);
        c.set("depthwise_initializer", KerasInitializers.write(cv.kernelInitializer(), d,
                ctx.at("depthwise_initializer")));
        c.set("depthwise_regularizer", KerasWeightRules.write(cv.kernelRegularizer(), d,
                ctx.at("depthwise_regularizer")));
        c.set("depthwise_constraint", KerasWeightRules.write(cv.kernelConstraint(), d, ctx.at("depthwise_constraint")));
    }

    /** Writes the window's keys in Keras's order (kernel size, strides, padding). */
    static void writeWindow(ObjectNode c, Conv2DWindow w) {
        c.set("kernel_size", SequenceKeys.list(List.of(w.kernelHeight(), w.kernelWidth())));
        c.set("strides", SequenceKeys.list(List.of(w.strideHeight(), w.strideWidth())));
        c.put("padding", w.padding() == Padding.SAME ? "same" : "valid");
    }

    /** Writes a 3-D window's keys in Keras's order (kernel size, strides, padding). */
    static void writeWindow(ObjectNode c, Conv3DWindow w) {
        c.set("kernel_size", SequenceKeys.list(List.of(w.kernelDepth(), w.kernelHeight(), w.kernelWidth())));
        c.set("strides", SequenceKeys.list(List.of(w.strideDepth(), w.strideHeight(), w.strideWidth())));
        c.put("padding", w.padding() == Padding.SAME ? "same" : "valid");
    }

    /** Writes a 3-D window's {@code dilation_rate} (after {@code data_format}, as Keras does). */
    static void writeDilation(ObjectNode c, Conv3DWindow w) {
        c.set("dilation_rate", SequenceKeys.list(List.of(w.dilationDepth(), w.dilationHeight(), w.dilationWidth())));
    }

    /** Writes {@code dilation_rate} (after {@code data_format}, as Keras does). */
    static void writeDilation(ObjectNode c, Conv2DWindow w) {
        c.set("dilation_rate", SequenceKeys.list(List.of(w.dilationHeight(), w.dilationWidth())));
    }

    /** Refuses what no Engram convolution honours: LoRA; and {@code groups} other than 1. */
    static void refuseUnsupported(ConfigNode c, String name, String cls) throws ModelFormatException {
        refuseExtras(c, name, cls);
        ConfigNode g = c.get("groups");
        if (groups(c) != 1) {
            throw new UnsupportedLayerException(c.file(), g.pointer(), name, cls, cls + " '" + name + "' has groups "
                    + g.describe() + "; Engram's " + cls + " supports groups 1 only (grouped Conv1D, Conv2D "
                    + "and Conv3D are supported)");
        }
    }

    /** Refuses LoRA, which no Engram convolution honours. */
    static void refuseExtras(ConfigNode c, String name, String cls) throws ModelFormatException {
        ConfigKeys.refuse(c, name, cls, "lora_rank", "Engram has no LoRA");
    }

    /** {@code groups}: 1 when absent; a positive integer. */
    static int groups(ConfigNode c) throws ModelFormatException {
        ConfigNode g = c.get("groups");
        if (g.isNullOrMissing()) {
            return 1;
        }
        int v = g.asInt(1);
        if (v < 1) {
            throw g.expected("a positive number of groups");
        }
        return v;
    }

    /** {@code groups} as {@link #groups}, which must also divide {@code filters} (Keras checks it too). */
    static int groups(ConfigNode c, int filters) throws ModelFormatException {
        int groups = groups(c);
        if (filters % groups != 0) {
            throw c.get("groups").expected("a divisor of the " + filters + " filters");
        }
        return groups;
    }

    /**
     * TF.js parity: tfjs-layers 4.22's convolutions have no {@code groups}; it ignores the key and builds
     * the full {@code [..., C, F]} kernel, so a grouped file fails to load there.
     */
    static String tfjsGroupsRefusal(String cls, int groups) {
        return cls + " with groups " + groups + " cannot be written for TF.js: tfjs-layers 4.22 has no groups "
                + "(it ignores the key, builds a kernel for all input channels and refuses the grouped kernel's "
                + "shape); save it as Keras h5 or .keras, or use groups 1";
    }

    /**
     * {@code depth_multiplier}, 1 when absent. TF.js parity: tfjs-layers 4.22 does not save
     * SeparableConv2D's (and reloads such a model with 1).
     */
    static int depthMultiplier(ConfigNode c) throws ModelFormatException {
        ConfigNode m = c.get("depth_multiplier");
        return m.isNullOrMissing() ? 1 : m.asInt(1);
    }
}
