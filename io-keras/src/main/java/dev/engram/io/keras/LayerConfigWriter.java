package dev.engram.io.keras;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.tensor.Shape;

/**
 * Writes one engine layer as a Keras-style entry in the key order the target framework itself uses
 * (tfjs-layers 4.22 {@code getConfig()}, tf.keras 2.15, Keras 3), so files diff cleanly against
 * theirs.
 */
final class LayerConfigWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private LayerConfigWriter() {
    }

    /**
     * The entry for {@code layer}; {@code batchInputShape} is set on the first layer of a TF.js
     * model (Keras 2/3 put it on an InputLayer entry instead, see {@link KerasTopology}).
     */
    static ObjectNode write(Layer layer, KerasDialect d, Shape batchInputShape, ConfigNode where)
            throws ModelFormatException {
        LayerConfig cfg = layer.config();
        ConfigNode at = where.get("config");
        ObjectNode c;
        String cls;
        if (cfg instanceof DenseConfig dc) {
            cls = "Dense";
            c = dense(dc, layer.name(), d, batchInputShape, at);
        } else if (cfg instanceof LstmConfig lc) {
            cls = "LSTM";
            c = lstm(lc, layer.name(), d, batchInputShape, at);
        } else if (cfg instanceof DropoutConfig dr) {
            cls = "Dropout";
            c = dropout(dr, layer.name(), d, batchInputShape);
        } else {
            throw where.error("layer '" + layer.name() + "' (" + layer.typeName() + ") has no " + d
                    + " form; writable: Dense, LSTM, Dropout");
        }
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

    private static ObjectNode dense(DenseConfig dc, String name, KerasDialect d, Shape in, ConfigNode at)
            throws ModelFormatException {
        ObjectNode c = F.objectNode();
        if (d == KerasDialect.TFJS) {
            c.put("units", dc.units());
            c.put("activation", KerasActivations.toName(dc.activation(), d, at.get("activation")));
            c.put("use_bias", dc.useBias());
            c.set("kernel_initializer", KerasInitializers.write(dc.kernelInitializer(), d, at.get("kernel_initializer")));
            c.set("bias_initializer", KerasInitializers.write(dc.biasInitializer(), d, at.get("bias_initializer")));
            nulls(c, "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "bias_constraint");
            c.put("name", name);
            c.put("trainable", true);
            tfjsInput(c, in);
            return c;
        }
        header(c, name, d);
        c.put("units", dc.units());
        c.put("activation", KerasActivations.toName(dc.activation(), d, at.get("activation")));
        c.put("use_bias", dc.useBias());
        c.set("kernel_initializer", KerasInitializers.write(dc.kernelInitializer(), d, at.get("kernel_initializer")));
        c.set("bias_initializer", KerasInitializers.write(dc.biasInitializer(), d, at.get("bias_initializer")));
        nulls(c, "kernel_regularizer", "bias_regularizer");
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        nulls(c, "kernel_constraint", "bias_constraint");
        if (d.isKeras3()) {
            c.putNull("lora_rank");
        }
        return c;
    }

    private static ObjectNode lstm(LstmConfig lc, String name, KerasDialect d, Shape in, ConfigNode at)
            throws ModelFormatException {
        ObjectNode c = F.objectNode();
        String act = KerasActivations.toName(lc.activation(), d, at.get("activation"));
        String rec = KerasActivations.toName(lc.recurrentActivation(), d, at.get("recurrent_activation"));
        if (d == KerasDialect.TFJS) {
            c.put("name", name);
            c.put("trainable", true);
            tfjsInput(c, in);
            c.put("units", lc.units());
            c.put("activation", act);
            c.put("recurrent_activation", rec);
            c.put("use_bias", lc.useBias());
            c.set("kernel_initializer", KerasInitializers.write(lc.kernelInitializer(), d, at.get("kernel_initializer")));
            c.set("recurrent_initializer", KerasInitializers.write(lc.recurrentInitializer(), d,
                    at.get("recurrent_initializer")));
            c.set("bias_initializer", KerasInitializers.write(lc.biasInitializer(), d, at.get("bias_initializer")));
            c.put("unit_forget_bias", lc.unitForgetBias());
            nulls(c, "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                    "kernel_constraint", "recurrent_constraint", "bias_constraint");
            c.put("dropout", 0);
            c.put("recurrent_dropout", 0);
            c.putNull("implementation");
            c.put("return_sequences", lc.returnSequences());
            c.put("return_state", false);
            c.put("go_backwards", lc.goBackwards());
            c.put("stateful", false);
            c.put("unroll", false);
            return c;
        }
        header(c, name, d);
        c.put("return_sequences", lc.returnSequences());
        c.put("return_state", false);
        c.put("go_backwards", lc.goBackwards());
        c.put("stateful", false);
        c.put("unroll", false);
        if (d.isKeras3()) {
            c.put("zero_output_for_mask", false);
        }
        // Part B: no "time_major" for KERAS_2 -- tf.keras 2 defaults it to false, and Keras 3's
        // load_model rejects the key ("Unrecognized keyword arguments passed to LSTM").
        c.put("units", lc.units());
        c.put("activation", act);
        c.put("recurrent_activation", rec);
        c.put("use_bias", lc.useBias());
        c.set("kernel_initializer", KerasInitializers.write(lc.kernelInitializer(), d, at.get("kernel_initializer")));
        c.set("recurrent_initializer", KerasInitializers.write(lc.recurrentInitializer(), d,
                at.get("recurrent_initializer")));
        c.set("bias_initializer", KerasInitializers.write(lc.biasInitializer(), d, at.get("bias_initializer")));
        c.put("unit_forget_bias", lc.unitForgetBias());
        nulls(c, "kernel_regularizer", "recurrent_regularizer", "bias_regularizer");
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        nulls(c, "kernel_constraint", "recurrent_constraint", "bias_constraint");
        c.put("dropout", 0.0);
        c.put("recurrent_dropout", 0.0);
        if (d.isKeras3()) {
            c.putNull("seed");
        } else {
            c.put("implementation", 2);
        }
        return c;
    }

    private static ObjectNode dropout(DropoutConfig dr, String name, KerasDialect d, Shape in) {
        ObjectNode c = F.objectNode();
        if (d == KerasDialect.TFJS) {
            c.put("rate", dr.rate());
            c.putNull("noise_shape");
            putSeed(c, dr.seed());
            c.put("name", name);
            c.put("trainable", true);
            tfjsInput(c, in);
            return c;
        }
        header(c, name, d);
        c.put("rate", dr.rate());
        c.putNull("noise_shape");
        putSeed(c, dr.seed());
        return c;
    }

    private static void putSeed(ObjectNode c, Long seed) {
        if (seed == null) {
            c.putNull("seed");
        } else {
            c.put("seed", seed);
        }
    }

    /** name, trainable, dtype as Keras 2 ("float32") or Keras 3 (a DTypePolicy object) writes them. */
    private static void header(ObjectNode c, String name, KerasDialect d) {
        c.put("name", name);
        c.put("trainable", true);
        c.set("dtype", dtype(d));
    }

    /** The dtype value of a layer config: "float32", or Keras 3's DTypePolicy object. */
    static com.fasterxml.jackson.databind.JsonNode dtype(KerasDialect d) {
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

    private static void tfjsInput(ObjectNode c, Shape in) {
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
