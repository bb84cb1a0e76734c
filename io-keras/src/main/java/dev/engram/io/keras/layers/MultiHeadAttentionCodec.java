package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.MultiHeadAttentionConfig;
import java.util.List;

/**
 * {@code MultiHeadAttention} (tf-keras 2 and Keras 3; TF.js 4.22 has none, so it is never written as TF.js,
 * though a converted model.json that names it is read): {@code num_heads}, {@code key_dim}, {@code value_dim}
 * (null: key_dim), {@code dropout}, {@code use_bias}, {@code output_shape} (null, one size or a one-element
 * list), {@code attention_axes} (an int or a list, kept as Keras saved it: in Keras's order, negative axes
 * counted on the projected query as Keras counts them; null for every middle axis; e.g. [1] over the time axis
 * of {@code [batch, T, features]}, [1, 2] over {@code [batch, H, W, C]}; checked against the inputs' rank when
 * the layer is built), initializers, regularizers and
 * constraints of the kernels and biases, Keras 3's {@code seed}. The call options ({@code use_causal_mask},
 * {@code return_attention_scores}, the {@code key} and {@code attention_mask} tensors) live in the inbound
 * nodes ({@code AttentionCallOptions}). Keras 3 multiplies the weights by the mask after the softmax on its
 * unfused path (dropout or scores), tf-keras never: a configuration whose masked rows behave the other way is
 * not written in that dialect. Weights: query, key, value, output (attention_output) kernel and bias, each
 * an EinsumDense ({@code query/kernel} in h5, {@code query_dense/vars} in .keras).
 */
final class MultiHeadAttentionCodec extends AbstractKerasLayerCodec<MultiHeadAttentionConfig> {
    private static final String CLS = "MultiHeadAttention";

    MultiHeadAttentionCodec() {
        super(MultiHeadAttentionConfig.class, CLS);
    }

    /** Whether the dialect's MultiHeadAttention zeroes masked weights on its unfused path (Keras 3 only). */
    static boolean zeroesMaskedWeights(KerasDialect d) {
        return d.isKeras3();
    }

    @Override
    public MultiHeadAttentionConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        String name = ctx.name();
        ConfigNode axes = c.get("attention_axes");
        List<Integer> attentionAxes = null;
        if (!axes.isNullOrMissing()) {
            attentionAxes = axes.json().isArray() ? SequenceKeys.ints(axes, Integer.MIN_VALUE)
                    : List.of(axes.asInt(Integer.MIN_VALUE));
            if (attentionAxes.isEmpty() || attentionAxes.contains(0)
                    || attentionAxes.stream().distinct().count() < attentionAxes.size()) {
                throw new UnsupportedLayerException(c.file(), axes.pointer(), name, CLS, CLS + " '" + name
                        + "' has attention_axes " + axes.describe() + "; Keras attends over distinct middle axes "
                        + "(neither the batch axis 0 nor one axis twice)");
            }
        }
        if (c.get("flash_attention").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("flash_attention").pointer(), name, CLS, CLS + " '"
                    + name + "' asks for flash_attention; Engram computes the exact attention only");
        }
        int keyDim = c.get("key_dim").asInt(1);
        ConfigNode vd = c.get("value_dim");
        int valueDim = vd.isNullOrMissing() ? keyDim : vd.asInt(1);
        ConfigNode os = c.get("output_shape");
        int outputDim = 0;
        if (!os.isNullOrMissing()) {
            List<Integer> dims = SequenceKeys.ints(os, 1);
            if (dims.size() != 1) {
                throw new UnsupportedLayerException(c.file(), os.pointer(), name, CLS, CLS + " '" + name
                        + "' has output_shape " + os.describe() + "; Engram supports one output size");
            }
            outputDim = dims.get(0);
        }
        return new MultiHeadAttentionConfig(c.get("num_heads").asInt(1), keyDim, valueDim,
                ConfigKeys.rate(c.get("dropout")), c.get("use_bias").asBoolean(true), outputDim,
                KerasInitializers.read(c.get("kernel_initializer"), d), KerasInitializers.read(c.get("bias_initializer"), d),
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d), c.get("seed").asLongOrNull(), false, false,
                false, zeroesMaskedWeights(d), name).withAttentionAxes(attentionAxes);
    }

    @Override
    public boolean writes(MultiHeadAttentionConfig m, KerasDialect d) {
        boolean unfused = m.dropout() > 0 || m.returnAttentionScores();
        return (d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3)
                && (!unfused || m.zeroMaskedWeights() == zeroesMaskedWeights(d));
    }

    @Override
    public ObjectNode write(MultiHeadAttentionConfig m, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(m, d)) {
            throw ctx.at("num_heads").error("layer '" + ctx.name() + "' (" + CLS + ") has no " + d + " form: "
                    + (d == KerasDialect.TFJS ? "TF.js 4.22 has no MultiHeadAttention layer"
                    : "with dropout or the scores returned, " + d + (zeroesMaskedWeights(d) ? " zeroes" : " keeps")
                    + " the weights of masked positions after the softmax and this layer does not"));
        }
        ObjectNode c = ctx.header();
        c.put("num_heads", m.numHeads());
        c.put("key_dim", m.keyDim());
        c.put("value_dim", m.valueDim());
        c.put("dropout", m.dropout());
        c.put("use_bias", m.useBias());
        if (m.outputDim() == 0) {
            c.putNull("output_shape");
        } else if (d.isKeras3()) {
            c.set("output_shape", SequenceKeys.list(List.of(m.outputDim())));
        } else {
            c.put("output_shape", m.outputDim());
        }
        if (m.attentionAxes() == null) {
            c.putNull("attention_axes"); // Keras's default: every middle axis, whatever the rank
        } else {
            c.set("attention_axes", SequenceKeys.list(m.attentionAxes()));
        }
        c.set("kernel_initializer", KerasInitializers.write(m.kernelInitializer(), d, ctx.at("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(m.biasInitializer(), d, ctx.at("bias_initializer")));
        c.set("kernel_regularizer", KerasWeightRules.write(m.kernelRegularizer(), d, ctx.at("kernel_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(m.biasRegularizer(), d, ctx.at("bias_regularizer")));
        c.putNull("activity_regularizer");
        c.set("kernel_constraint", KerasWeightRules.write(m.kernelConstraint(), d, ctx.at("kernel_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(m.biasConstraint(), d, ctx.at("bias_constraint")));
        if (d.isKeras3()) {
            if (m.seed() == null) {
                c.putNull("seed");
            } else {
                c.put("seed", m.seed());
            }
        }
        return c;
    }

    @Override
    public List<String> weightNames(MultiHeadAttentionConfig config) {
        return config.useBias()
                ? List.of("query_kernel", "query_bias", "key_kernel", "key_bias", "value_kernel", "value_bias",
                        "output_kernel", "output_bias")
                : List.of("query_kernel", "key_kernel", "value_kernel", "output_kernel");
    }
}
