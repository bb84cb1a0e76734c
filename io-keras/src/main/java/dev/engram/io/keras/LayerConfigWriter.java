package dev.engram.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.FlattenConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.GruConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.MaskingConfig;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.RepeatVectorConfig;
import dev.engram.layers.ReshapeConfig;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Locale;

/**
 * Writes one engine layer as a Keras-style entry ({@code {class_name, config}}) with the keys the
 * target framework itself writes (tfjs-layers 4.22 {@code getConfig()}, tf.keras 2, Keras 3), so
 * that its {@code from_config} rebuilds exactly the engine layer. Recurrent layers:
 * {@link RecurrentConfigWriter}.
 */
final class LayerConfigWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Writable layer classes, for messages. */
    static final String WRITABLE = "Dense, LSTM, GRU, SimpleRNN, Dropout, Activation, Bidirectional, TimeDistributed,"
            + " Embedding, Masking, RepeatVector, Flatten, Reshape, Conv1D, GlobalAveragePooling1D, GlobalMaxPooling1D,"
            + " LayerNormalization, BatchNormalization, Concatenate, Add, Multiply, Average";

    private LayerConfigWriter() {
    }

    /**
     * The entry for {@code layer}; {@code batchInputShape} is set on the first layer of a TF.js
     * model (Keras 2/3 put it on an InputLayer entry instead, see {@link KerasTopology}).
     */
    static ObjectNode write(Layer layer, KerasDialect d, Shape batchInputShape, ConfigNode where)
            throws ModelFormatException {
        ObjectNode entry = write(layer.config(), layer.name(), d, batchInputShape, where);
        if (isFrozen(layer)) {
            ((ObjectNode) entry.get("config")).put("trainable", false);
        }
        return entry;
    }

    /**
     * A layer is frozen ({@code "trainable": false}) when it has weights that training would update
     * and all of them are frozen; BatchNormalization's moving statistics never count (they are
     * non-trainable by nature).
     */
    static boolean isFrozen(Layer layer) {
        List<Parameter> learnable = layer.parameters().stream()
                .filter(p -> !p.role().isStatistic()).toList();
        return !learnable.isEmpty() && learnable.stream().noneMatch(Parameter::trainable);
    }

    /** The entry of a config under the given name (wrapped layers are written this way too). */
    static ObjectNode write(LayerConfig cfg, String name, KerasDialect d, Shape in, ConfigNode where)
            throws ModelFormatException {
        ConfigNode at = where.get("config");
        ObjectNode c = object();
        String cls;
        if (cfg instanceof RecurrentLayerConfig rc) {
            cls = rc instanceof LstmConfig ? "LSTM" : rc instanceof GruConfig ? "GRU" : "SimpleRNN";
            c = RecurrentConfigWriter.write(rc, name, d, in, at);
        } else {
            start(c, name, d, in);
            if (cfg instanceof DenseConfig dc) {
                cls = "Dense";
                dense(c, dc, d, at);
            } else if (cfg instanceof DropoutConfig dr) {
                cls = "Dropout";
                c.put("rate", dr.rate());
                c.putNull("noise_shape");
                if (dr.seed() == null) {
                    c.putNull("seed");
                } else {
                    c.put("seed", dr.seed());
                }
            } else if (cfg instanceof ActivationLayerConfig a) {
                cls = "Activation";
                c.put("activation", KerasActivations.toName(a.activation(), d, at.get("activation")));
            } else if (cfg instanceof BidirectionalConfig b) {
                cls = "Bidirectional";
                bidirectional(c, b, name, d, at);
            } else if (cfg instanceof TimeDistributedConfig t) {
                cls = "TimeDistributed";
                LayerConfig inner = t.layer();
                String innerName = inner.name() != null ? inner.name() : inner.defaultNamePrefix();
                c.set("layer", nested(write(inner, innerName, d, null, at.get("layer")), d));
            } else if (cfg instanceof EmbeddingConfig e) {
                cls = "Embedding";
                c.put("input_dim", e.inputDim());
                c.put("output_dim", e.outputDim());
                c.set("embeddings_initializer", KerasInitializers.write(e.embeddingsInitializer(), d,
                        at.get("embeddings_initializer")));
                c.putNull("embeddings_regularizer");
                if (!d.isKeras3()) {
                    c.putNull("activity_regularizer");
                }
                c.putNull("embeddings_constraint");
                c.put("mask_zero", e.maskZero());
                if (!d.isKeras3()) {
                    if (e.inputLength() == null) {
                        c.putNull("input_length");
                    } else {
                        c.put("input_length", e.inputLength());
                    }
                }
            } else if (cfg instanceof MaskingConfig m) {
                cls = "Masking";
                c.put("mask_value", m.maskValue());
            } else if (cfg instanceof RepeatVectorConfig r) {
                cls = "RepeatVector";
                c.put("n", r.n());
            } else if (cfg instanceof FlattenConfig) {
                cls = "Flatten";
                c.put("data_format", "channels_last");
            } else if (cfg instanceof ReshapeConfig r) {
                cls = "Reshape";
                ArrayNode ts = c.putArray("target_shape");
                for (int dim : r.targetShape().toArray()) {
                    ts.add(dim);
                }
            } else if (cfg instanceof Conv1DConfig cv) {
                cls = "Conv1D";
                conv1d(c, cv, d, at);
            } else if (cfg instanceof GlobalPooling1DConfig p) {
                cls = p.mode() == PoolingMode.MAX ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D";
                c.put("data_format", "channels_last");
                if (!(d == KerasDialect.TFJS)) {
                    c.put("keepdims", false);
                }
            } else if (cfg instanceof LayerNormalizationConfig ln) {
                cls = "LayerNormalization";
                c.put("axis", -1);
                c.put("epsilon", ln.epsilon());
                c.put("center", ln.center());
                c.put("scale", ln.scale());
                c.set("beta_initializer", KerasInitializers.write(ln.betaInitializer(), d, at.get("beta_initializer")));
                c.set("gamma_initializer", KerasInitializers.write(ln.gammaInitializer(), d, at.get("gamma_initializer")));
                nulls(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
            } else if (cfg instanceof BatchNormalizationConfig bn) {
                cls = "BatchNormalization";
                batchNorm(c, bn, d, at);
            } else if (cfg instanceof MergeConfig mc) {
                cls = switch (mc.mode()) {
                    case CONCATENATE -> "Concatenate";
                    case ADD -> "Add";
                    case MULTIPLY -> "Multiply";
                    case AVERAGE -> "Average";
                };
                if (mc.mode() == dev.engram.layers.MergeMode.CONCATENATE) {
                    c.put("axis", mc.axis());
                }
            } else {
                throw where.error("layer '" + name + "' (" + cfg.getClass().getSimpleName() + ") has no " + d
                        + " form; writable: " + WRITABLE);
            }
        }
        Keras3Guard.apply(c, cfg instanceof RecurrentLayerConfig, d);
        ObjectNode entry = F.objectNode();
        if (d.isKeras3()) {
            entry.put("module", "keras.layers");
        }
        entry.put("class_name", cls);
        entry.set("config", c);
        if (d.isKeras3()) {
            entry.putNull("registered_name");
        }
        return entry;
    }

    private static void dense(ObjectNode c, DenseConfig dc, KerasDialect d, ConfigNode at) throws ModelFormatException {
        c.put("units", dc.units());
        c.put("activation", KerasActivations.toName(dc.activation(), d, at.get("activation")));
        c.put("use_bias", dc.useBias());
        c.set("kernel_initializer", KerasInitializers.write(dc.kernelInitializer(), d, at.get("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(dc.biasInitializer(), d, at.get("bias_initializer")));
        c.set("kernel_regularizer", KerasWeightRules.write(dc.kernelRegularizer(), d, at.get("kernel_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(dc.biasRegularizer(), d, at.get("bias_regularizer")));
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        c.set("kernel_constraint", KerasWeightRules.write(dc.kernelConstraint(), d, at.get("kernel_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(dc.biasConstraint(), d, at.get("bias_constraint")));
        if (d.isKeras3()) {
            c.putNull("lora_rank");
        }
    }

    private static void bidirectional(ObjectNode c, BidirectionalConfig b, String name, KerasDialect d, ConfigNode at)
            throws ModelFormatException {
        RecurrentLayerConfig inner = (RecurrentLayerConfig) b.layer();
        String innerName = inner.name() != null ? inner.name() : inner.defaultNamePrefix();
        String mode = switch (b.mergeMode()) {
            case CONCAT -> "concat";
            case SUM -> "sum";
            case MUL -> "mul";
            case AVE -> "ave";
            case NONE -> null;
        };
        if (mode == null) {
            c.putNull("merge_mode");
        } else {
            c.put("merge_mode", mode);
        }
        if (d.isKeras3()) {
            // Keras 3 serialises its forward and backward sub-layers (it strips the prefixes on load).
            c.set("layer", write(inner, "forward_" + innerName, d, null, at.get("layer")));
            c.set("backward_layer", write(inner.withGoBackwards(!inner.goBackwards()), "backward_" + innerName, d, null,
                    at.get("backward_layer")));
        } else {
            c.set("layer", nested(write(inner, innerName, d, null, at.get("layer")), d));
        }
    }

    /**
     * A wrapped layer's entry. Keras parity: tf-keras 2.18 writes {@code module}/{@code registered_name}
     * on wrapped layers, and Keras 3 needs {@code module} there to find the class when it loads a
     * Keras 2 h5 ("Could not locate class 'GRU'" otherwise).
     */
    private static ObjectNode nested(ObjectNode entry, KerasDialect d) {
        if (d != KerasDialect.KERAS_2) {
            return entry;
        }
        ObjectNode out = F.objectNode();
        out.put("module", "keras.layers");
        out.setAll(entry);
        out.putNull("registered_name");
        return out;
    }

    private static void conv1d(ObjectNode c, Conv1DConfig cv, KerasDialect d, ConfigNode at)
            throws ModelFormatException {
        if (d == KerasDialect.TFJS && cv.padding() == dev.engram.layers.Padding.CAUSAL) {
            // TF.js parity: tfjs-layers 4.22 reads padding "causal" but its conv1dWithBias throws
            // NotImplementedError at predict time, so such a file would not run in TF.js.
            throw at.get("padding").error("Conv1D padding causal cannot run in TF.js (tfjs-layers 4.22 throws"
                    + " \"The support for CAUSAL padding mode in conv1dWithBias is not implemented yet\"); save it as"
                    + " Keras h5 or .keras instead");
        }
        c.put("filters", cv.filters());
        c.putArray("kernel_size").add(cv.kernelSize());
        c.putArray("strides").add(cv.strides());
        c.put("padding", cv.padding().name().toLowerCase(Locale.ROOT));
        c.put("data_format", "channels_last");
        c.putArray("dilation_rate").add(cv.dilationRate());
        if (d != KerasDialect.TFJS) {
            c.put("groups", 1);
        }
        c.put("activation", KerasActivations.toName(cv.activation(), d, at.get("activation")));
        c.put("use_bias", cv.useBias());
        c.set("kernel_initializer", KerasInitializers.write(cv.kernelInitializer(), d, at.get("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(cv.biasInitializer(), d, at.get("bias_initializer")));
        nulls(c, "kernel_regularizer", "bias_regularizer");
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        nulls(c, "kernel_constraint", "bias_constraint");
    }

    private static void batchNorm(ObjectNode c, BatchNormalizationConfig bn, KerasDialect d, ConfigNode at)
            throws ModelFormatException {
        c.put("axis", -1);
        c.put("momentum", bn.momentum());
        c.put("epsilon", bn.epsilon());
        c.put("center", bn.center());
        c.put("scale", bn.scale());
        c.set("beta_initializer", KerasInitializers.write(bn.betaInitializer(), d, at.get("beta_initializer")));
        c.set("gamma_initializer", KerasInitializers.write(bn.gammaInitializer(), d, at.get("gamma_initializer")));
        c.set("moving_mean_initializer", KerasInitializers.write(bn.movingMeanInitializer(), d,
                at.get("moving_mean_initializer")));
        c.set("moving_variance_initializer", KerasInitializers.write(bn.movingVarianceInitializer(), d,
                at.get("moving_variance_initializer")));
        nulls(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        if (d.isKeras3()) {
            c.put("synchronized", false);
        }
    }

    /** name (+ trainable, dtype): TF.js puts name/trainable first and the input shape after. */
    private static void start(ObjectNode c, String name, KerasDialect d, Shape in) {
        if (d == KerasDialect.TFJS) {
            c.put("name", name);
            c.put("trainable", true);
            tfjsInput(c, in);
        } else {
            header(c, name, d);
        }
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    /** name, trainable, dtype as Keras 2 ("float32") or Keras 3 (a DTypePolicy object) writes them. */
    static void header(ObjectNode c, String name, KerasDialect d) {
        c.put("name", name);
        c.put("trainable", true);
        c.set("dtype", dtype(d));
    }

    /** The dtype value of a layer config: "float32", or Keras 3's DTypePolicy object. */
    static JsonNode dtype(KerasDialect d) {
        if (!d.isKeras3()) {
            return F.textNode("float32");
        }
        ObjectNode p = F.objectNode();
        p.put("module", "keras");
        p.put("class_name", "DTypePolicy");
        p.set("config", F.objectNode().put("name", "float32"));
        p.putNull("registered_name");
        return p;
    }

    static void tfjsInput(ObjectNode c, Shape in) {
        if (in != null) {
            c.set("batch_input_shape", batchShape(in));
            c.put("dtype", "float32");
        }
    }

    /** {@code [null, d1, d2...]} with null for unknown dimensions. */
    static ArrayNode batchShape(Shape perSample) {
        ArrayNode a = F.arrayNode();
        a.addNull();
        for (int dim : perSample.toArray()) {
            if (dim == Shape.UNKNOWN) {
                a.addNull();
            } else {
                a.add(dim);
            }
        }
        return a;
    }

    private static void nulls(ObjectNode c, String... keys) {
        for (String k : keys) {
            c.putNull(k);
        }
    }
}
