package dev.engram.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Model topology in the Keras family of formats ({@code {"class_name": "Sequential", "config": ...}})
 * to and from an engine {@link Sequential}.
 *
 * <p>Reads: Sequential configs as a plain list (Keras 1, 2.0-2.2) or {@code {name, layers}} (tf.keras,
 * TF.js, Keras 3 with {@code build_input_shape}); the input shape from an {@code InputLayer}
 * ({@code batch_input_shape} or Keras 3 {@code batch_shape}), the first layer's
 * {@code batch_input_shape}/{@code input_dim}, or {@code build_input_shape}; functional
 * {@code Model}/{@code Functional} configs only when they are a simple chain. Layers: InputLayer,
 * Dense, LSTM, Dropout, and Activation, which the engine has no layer for: it is folded into the
 * Dense before it when that Dense is linear (same function; the Activation's name disappears),
 * otherwise rejected.
 */
public final class KerasTopology {
    /** Seed of the initial weights of imported models (the file's weights replace them). */
    private static final long IMPORT_SEED = 0L;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KerasTopology() {
    }

    /**
     * The engine model a {@code {class_name, config}} object describes, built when the input shape is
     * known, with fresh (seeded) weights.
     *
     * @param modelConfig the object ({@code modelTopology} of a TF.js file, the converter's
     *                    {@code model_config}, an h5 file's {@code model_config} attribute)
     * @param d           the file's dialect ({@link KerasDialect#fromKerasVersion})
     * @param file        the file name for error messages
     */
    public static Sequential toModel(JsonNode modelConfig, KerasDialect d, String file) throws ModelFormatException {
        return toModel(new ConfigNode(file, "", modelConfig), d);
    }

    /** As {@link #toModel(JsonNode, KerasDialect, String)} with error locations relative to {@code modelConfig}'s pointer. */
    public static Sequential toModel(ConfigNode modelConfig, KerasDialect d) throws ModelFormatException {
        modelConfig.requireObject();
        String cls = modelConfig.get("class_name").asString();
        ConfigNode config = modelConfig.get("config");
        String name;
        List<ConfigNode> entries;
        Shape buildShape = null;
        switch (cls) {
            case "Sequential" -> {
                if (config.json().isArray()) {
                    name = "sequential";
                    entries = config.elements();
                } else {
                    config.requireObject();
                    name = config.get("name").asString("sequential");
                    entries = config.get("layers").elements();
                    buildShape = batchShape(config.get("build_input_shape"));
                }
                if (buildShape == null) {
                    buildShape = batchShape(modelConfig.get("build_config").get("input_shape"));
                }
            }
            case "Model", "Functional" -> {
                name = config.get("name").asString("model");
                entries = FunctionalChain.layers(modelConfig, name);
            }
            default -> throw modelConfig.get("class_name").expected("\"Sequential\", \"Model\" or \"Functional\"");
        }
        if (name.isEmpty()) {
            name = "sequential";
        }
        List<LayerConfig> configs = layerConfigs(entries, d, buildShape);
        if (configs.isEmpty()) {
            throw config.error("the model has no layers Engram can build (only InputLayer entries)");
        }
        Sequential model = new Sequential(name, IMPORT_SEED);
        for (LayerConfig c : configs) {
            try {
                model.add(c);
            } catch (IllegalArgumentException e) {
                throw config.error("cannot build layer '" + c.name() + "': " + e.getMessage());
            }
        }
        return model;
    }

    private static List<LayerConfig> layerConfigs(List<ConfigNode> entries, KerasDialect d, Shape buildShape)
            throws ModelFormatException {
        List<LayerConfig> out = new ArrayList<>();
        Shape pending = null;
        for (ConfigNode entry : entries) {
            entry.requireObject();
            String cls = LayerConfigReader.className(entry);
            ConfigNode c = entry.get("config");
            switch (cls) {
                case "InputLayer" -> {
                    if (!out.isEmpty()) {
                        throw entry.error("an InputLayer must come first, found after " + out.size() + " layers");
                    }
                    pending = LayerConfigReader.declaredInputShape(c);
                    if (pending == null) {
                        throw c.error("InputLayer '" + LayerConfigReader.name(entry) + "' has no batch_input_shape or batch_shape");
                    }
                }
                case "Activation" -> out.set(out.size() - 1, foldActivation(entry, out, d));
                default -> {
                    Shape in = null;
                    if (out.isEmpty()) {
                        in = LayerConfigReader.declaredInputShape(c);
                        in = in != null ? in : pending != null ? pending : buildShape;
                    }
                    out.add(LayerConfigReader.read(entry, d, in));
                }
            }
        }
        return out;
    }

    /** Keras parity: Dense(linear) followed by Activation(f) computes exactly Dense(f). */
    private static LayerConfig foldActivation(ConfigNode entry, List<LayerConfig> before, KerasDialect d)
            throws ModelFormatException {
        String name = LayerConfigReader.name(entry);
        Activation a = KerasActivations.fromName(entry.get("config").get("activation"), d);
        LayerConfig prev = before.isEmpty() ? null : before.get(before.size() - 1);
        if (prev instanceof DenseConfig dense && dense.activation().equals(Activations.linear())) {
            return dense.withActivation(a);
        }
        throw new UnsupportedLayerException(entry.file(), entry.pointer(), name, "Activation",
                "layer '" + name + "' has class Activation, which the engine has no layer for; Engram folds it"
                        + " into a preceding linear Dense, but it follows "
                        + (prev == null ? "nothing" : "'" + prev.name() + "' (" + prev.defaultNamePrefix() + ")")
                        + "; supported: " + LayerConfigReader.SUPPORTED);
    }

    private static Shape batchShape(ConfigNode s) throws ModelFormatException {
        if (s.isNullOrMissing()) {
            return null;
        }
        List<ConfigNode> dims = s.elements();
        if (dims.isEmpty()) {
            throw s.expected("a shape [batch, ...]");
        }
        int[] out = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            out[i - 1] = dims.get(i).isNullOrMissing() ? Shape.UNKNOWN : dims.get(i).asInt(1);
        }
        return Shape.of(out);
    }

    /**
     * The {@code {class_name: "Sequential", config: {...}}} object of {@code m} in dialect {@code d}
     * (Keras 3 adds {@code module}, {@code registered_name} and {@code build_config}). Framework
     * version keys ({@code keras_version}, {@code backend}) are left to the file writer.
     *
     * @throws ModelFormatException (file = the model's name) if the model is not built, has a layer
     *                              the dialect cannot express, or uses a function the dialect has no
     *                              name for; or for {@link KerasDialect#KERAS_1}, which is read-only
     */
    public static ObjectNode toJson(Sequential m, KerasDialect d) throws ModelFormatException {
        ConfigNode root = new ConfigNode("model '" + m.name() + "'", "", null);
        if (d == KerasDialect.KERAS_1) {
            throw root.error("writing Keras 1 configs is not supported (Keras 1 is a read-only dialect)");
        }
        if (m.inputShape() == null || m.layers().isEmpty()) {
            throw root.error("the model is not built: give the first layer an inputShape (or call predict once) before saving");
        }
        ConfigNode layersAt = root.get("config").get("layers");
        ArrayNode layers = F.arrayNode();
        if (d != KerasDialect.TFJS) {
            layers.add(inputLayer(m, d));
        }
        List<Layer> ls = m.layers();
        for (int i = 0; i < ls.size(); i++) {
            Shape in = i == 0 && d == KerasDialect.TFJS ? m.inputShape() : null;
            layers.add(LayerConfigWriter.write(ls.get(i), d, in, layersAt.get(layers.size())));
        }
        ObjectNode config = F.objectNode();
        config.put("name", m.name());
        if (d.isKeras3()) {
            config.put("trainable", true);
            config.set("dtype", LayerConfigWriter.dtype(d));
        }
        config.set("layers", layers);
        ObjectNode out = F.objectNode();
        if (d.isKeras3()) {
            out.put("module", "keras");
        }
        out.put("class_name", "Sequential");
        out.set("config", config);
        if (d.isKeras3()) {
            out.putNull("registered_name");
            out.set("build_config", F.objectNode().set("input_shape", LayerConfigWriter.batchShape(m.inputShape())));
        }
        return out;
    }

    private static ObjectNode inputLayer(Sequential m, KerasDialect d) {
        ObjectNode c = F.objectNode();
        if (d.isKeras3()) {
            c.set("batch_shape", LayerConfigWriter.batchShape(m.inputShape()));
            c.put("dtype", "float32");
            c.put("sparse", false);
            c.put("name", "input_layer");
        } else {
            c.set("batch_input_shape", LayerConfigWriter.batchShape(m.inputShape()));
            c.put("dtype", "float32");
            c.put("sparse", false);
            c.put("ragged", false);
            c.put("name", m.layers().get(0).name() + "_input");
        }
        ObjectNode entry = F.objectNode();
        if (d.isKeras3()) {
            entry.put("module", "keras.layers");
        }
        entry.put("class_name", "InputLayer");
        entry.set("config", c);
        if (d.isKeras3()) {
            entry.putNull("registered_name");
        }
        return entry;
    }
}
