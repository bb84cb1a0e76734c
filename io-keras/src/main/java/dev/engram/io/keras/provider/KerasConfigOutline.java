package dev.engram.io.keras.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.DeclaredLayer;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.keras.KerasModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The declared layers, inputs and outputs of a Keras-style model config ({@code {class_name, config}}
 * as TF.js, Keras 1/2/3 write it), read straight from the JSON without building anything, so a file
 * the reader refuses can still show every layer and mark the unsupported ones.
 *
 * @param layers  the layers in config order (wrappers as {@code Bidirectional(LSTM)})
 * @param inputs  the inputs: InputLayers and the batch shape of a Sequential's first layer
 * @param outputs the outputs by name (Keras configs declare no output shapes)
 */
record KerasConfigOutline(List<DeclaredLayer> layers, List<DeclaredTensor> inputs, List<DeclaredTensor> outputs) {
    /** Keras classes the io-keras readers map to engine layers. */
    static final Set<String> SUPPORTED = Set.copyOf(KerasModels.supportedLayers());

    /**
     * The outline of {@code model}, a {@code {class_name, config}} node.
     *
     * @param model the model config (TF.js {@code modelTopology} already unwrapped)
     * @return what it declares; empty lists where the config has no such part
     */
    static KerasConfigOutline of(JsonNode model) {
        JsonNode config = model.path("config");
        // Keras 2.0-2.2 Sequential configs are a bare list of layers.
        JsonNode entries = config.isArray() ? config : config.path("layers");
        List<DeclaredLayer> layers = new ArrayList<>();
        List<DeclaredTensor> inputs = new ArrayList<>();
        for (JsonNode l : entries) {
            String cls = l.path("class_name").asText("?");
            JsonNode c = l.path("config");
            String name = c.path("name").asText(l.path("name").asText("?"));
            JsonNode inner = c.path("layer");
            if (inner.isObject()) {
                cls = cls + "(" + inner.path("class_name").asText("?") + ")";
            }
            layers.add(new DeclaredLayer(name, cls, SUPPORTED.contains(cls)));
            if (cls.equals("InputLayer")) {
                inputs.add(tensor(name, c));
            }
        }
        boolean functional = config.isObject() && config.has("input_layers");
        if (!functional && inputs.isEmpty() && entries.size() > 0) {
            // TF.js parity: a Sequential without InputLayer names its input "<first layer>_input".
            JsonNode first = entries.get(0);
            String name = first.path("config").path("name").asText(first.path("name").asText("?"));
            inputs.add(tensor(name + "_input", first.path("config")));
        }
        List<DeclaredTensor> outputs = new ArrayList<>();
        if (functional) {
            for (JsonNode o : references(config.path("output_layers"))) {
                outputs.add(new DeclaredTensor(o.path(0).asText("?"), "float32", null, "(not declared)"));
            }
        } else if (!layers.isEmpty()) {
            outputs.add(new DeclaredTensor(layers.get(layers.size() - 1).name(), "float32", null, "(not declared)"));
        }
        return new KerasConfigOutline(layers, inputs, outputs);
    }

    /** {@code [[name, 0, 0], ...]}, or Keras 3's single {@code [name, 0, 0]}, as a list of references. */
    private static List<JsonNode> references(JsonNode refs) {
        List<JsonNode> out = new ArrayList<>();
        if (refs.isArray() && refs.size() > 0 && refs.get(0).isTextual()) {
            out.add(refs);
        } else {
            refs.forEach(out::add);
        }
        return out;
    }

    /** An input with the batch shape its layer config declares (Keras 2 {@code batch_input_shape}, Keras 3 {@code batch_shape}). */
    private static DeclaredTensor tensor(String name, JsonNode layerConfig) {
        JsonNode shape = layerConfig.has("batch_shape") ? layerConfig.get("batch_shape")
                : layerConfig.path("batch_input_shape");
        String dtype = layerConfig.path("dtype").isTextual() ? layerConfig.path("dtype").asText() : "float32";
        if (!shape.isArray()) {
            return new DeclaredTensor(name, dtype, null, "(not declared)");
        }
        List<Integer> dims = new ArrayList<>();
        StringBuilder text = new StringBuilder("[");
        for (JsonNode d : shape) {
            boolean known = d.canConvertToInt() && d.asInt() >= 0 && d.isIntegralNumber();
            dims.add(known ? d.asInt() : -1);
            text.append(text.length() > 1 ? ", " : "").append(known ? String.valueOf(d.asInt()) : "null");
        }
        return new DeclaredTensor(name, dtype, dims, text.append(']').toString());
    }
}
