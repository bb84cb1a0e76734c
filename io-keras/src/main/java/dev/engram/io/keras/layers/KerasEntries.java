package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * The parts of a Keras layer entry that do not depend on the layer: the
 * {@code {module, class_name, config, registered_name}} envelope, the {@code InputLayer} entry,
 * the name/trainable/dtype header, batch shapes, and on the reading side the entry's name, class
 * and declared input shape.
 */
public final class KerasEntries {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KerasEntries() {
    }

    /**
     * A new, empty JSON object.
     *
     * @return the object
     */
    public static ObjectNode object() {
        return F.objectNode();
    }

    /**
     * The entry {@code {class_name, config}}; Keras 3 adds {@code module} before and
     * {@code registered_name} after, as its {@code serialize_keras_object} writes them.
     *
     * @param module         the Keras 3 module ({@code keras.layers}, {@code keras})
     * @param className      the class name
     * @param config         the {@code config} object
     * @param registeredName the Keras 3 {@code registered_name} (null for built-in classes)
     * @param d              the dialect
     * @return the entry
     */
    public static ObjectNode envelope(String module, String className, ObjectNode config, String registeredName,
            KerasDialect d) {
        ObjectNode entry = F.objectNode();
        if (d.isKeras3()) {
            entry.put("module", module);
        }
        entry.put("class_name", className);
        entry.set("config", config);
        if (d.isKeras3()) {
            if (registeredName == null) {
                entry.putNull("registered_name");
            } else {
                entry.put("registered_name", registeredName);
            }
        }
        return entry;
    }

    /**
     * A built-in layer's entry ({@code module: keras.layers} in Keras 3).
     *
     * @param className the class name
     * @param config    the {@code config} object
     * @param d         the dialect
     * @return the entry
     */
    public static ObjectNode layerEntry(String className, ObjectNode config, KerasDialect d) {
        return envelope("keras.layers", className, config, null, d);
    }

    /**
     * The {@code InputLayer} entry of a model input: Keras 3 {@code batch_shape}, Keras 2 and TF.js
     * {@code batch_input_shape}; {@code ragged} in Keras 2 only.
     *
     * @param perSample the input's per-sample shape
     * @param name      the input's name
     * @param d         the dialect
     * @return the entry
     */
    public static ObjectNode inputLayer(Shape perSample, String name, KerasDialect d) {
        ObjectNode c = F.objectNode();
        c.set(d.isKeras3() ? "batch_shape" : "batch_input_shape", batchShape(perSample));
        c.put("dtype", "float32");
        c.put("sparse", false);
        if (d == KerasDialect.KERAS_2) {
            c.put("ragged", false);
        }
        c.put("name", name);
        return layerEntry("InputLayer", c, d);
    }

    /**
     * A wrapped layer's entry. Keras parity: tf-keras 2.18 writes {@code module}/{@code registered_name}
     * on wrapped layers, and Keras 3 needs {@code module} there to find the class when it loads a
     * Keras 2 h5 ("Could not locate class 'GRU'" otherwise).
     *
     * @param entry the wrapped layer's entry
     * @param d     the dialect
     * @return the entry as the dialect nests it
     */
    public static ObjectNode nested(ObjectNode entry, KerasDialect d) {
        if (d != KerasDialect.KERAS_2) {
            return entry;
        }
        ObjectNode out = F.objectNode();
        out.put("module", "keras.layers");
        out.setAll(entry);
        out.putNull("registered_name");
        return out;
    }

    /**
     * Sets name, trainable and dtype as Keras 2 ("float32") or Keras 3 (a DTypePolicy object) writes them.
     *
     * @param c    the config object
     * @param name the layer name
     * @param d    the dialect
     */
    public static void header(ObjectNode c, String name, KerasDialect d) {
        c.put("name", name);
        c.put("trainable", true);
        c.set("dtype", dtype(d));
    }

    /**
     * The dtype value of a layer config: "float32", or Keras 3's DTypePolicy object.
     *
     * @param d the dialect
     * @return the value
     */
    public static JsonNode dtype(KerasDialect d) {
        if (!d.isKeras3()) {
            return F.textNode("float32");
        }
        return envelope("keras", "DTypePolicy", F.objectNode().put("name", "float32"), null, d);
    }

    /**
     * A TF.js first layer's {@code batch_input_shape} and {@code dtype} (nothing when {@code in} is null).
     *
     * @param c  the config object
     * @param in the per-sample input shape, or null
     */
    public static void tfjsInput(ObjectNode c, Shape in) {
        if (in != null) {
            c.set("batch_input_shape", batchShape(in));
            c.put("dtype", "float32");
        }
    }

    /**
     * {@code [null, d1, d2...]} with null for unknown dimensions.
     *
     * @param perSample the per-sample shape
     * @return the batch shape array
     */
    public static ArrayNode batchShape(Shape perSample) {
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

    /**
     * The layer's name (config.name, or the entry's name for functional layers).
     *
     * @param entry the layer entry
     * @return the name, or null when neither is given
     * @throws ModelFormatException when a name is not a string
     */
    public static String name(ConfigNode entry) throws ModelFormatException {
        ConfigNode n = entry.get("config").get("name");
        return n.isNullOrMissing() ? entry.get("name").asString(null) : n.asString();
    }

    /**
     * The class name of an entry.
     *
     * @param entry the layer entry
     * @return its {@code class_name}
     * @throws ModelFormatException when it is missing or not a string
     */
    public static String className(ConfigNode entry) throws ModelFormatException {
        return entry.get("class_name").asString();
    }

    /**
     * The per-sample shape of a batch shape {@code [batch, d1, d2, ...]} (null entries are unknown
     * dimensions), or null when the value is absent or null.
     *
     * @param batchShape the shape value
     * @return the shape without the batch axis, or null
     * @throws ModelFormatException when the value is not a non-empty list of sizes
     */
    public static Shape perSample(ConfigNode batchShape) throws ModelFormatException {
        if (batchShape.isNullOrMissing()) {
            return null;
        }
        List<ConfigNode> dims = batchShape.elements();
        if (dims.isEmpty()) {
            throw batchShape.expected("a shape [batch, ...] with at least one dimension");
        }
        int[] out = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            out[i - 1] = dims.get(i).isNullOrMissing() ? Shape.UNKNOWN : dims.get(i).asInt(1);
        }
        return Shape.of(out);
    }

    /**
     * The per-sample input shape a layer config declares ({@code batch_input_shape}, Keras 3
     * {@code batch_shape}, Keras 1 {@code input_dim}/{@code input_length}), or null. An Embedding's
     * {@code input_dim} is its vocabulary size: its input is {@code [input_length]} ids.
     *
     * @param config    the layer's {@code config} object
     * @param embedding whether the config is an Embedding's
     * @return the shape, or null
     * @throws ModelFormatException when a shape is malformed
     */
    public static Shape declaredInputShape(ConfigNode config, boolean embedding) throws ModelFormatException {
        for (String key : List.of("batch_input_shape", "batch_shape")) {
            Shape s = perSample(config.get(key));
            if (s != null) {
                return s;
            }
        }
        ConfigNode inputDim = config.get("input_dim");
        if (embedding) {
            ConfigNode len = config.get("input_length");
            return len.isNullOrMissing() ? null : Shape.of(len.asInt(1));
        }
        if (!inputDim.isNullOrMissing()) {
            int dim = inputDim.asInt(1);
            if (config.has("input_length")) {
                ConfigNode len = config.get("input_length");
                return Shape.of(len.isNullOrMissing() ? Shape.UNKNOWN : len.asInt(1), dim);
            }
            return Shape.of(dim);
        }
        return null;
    }
}
