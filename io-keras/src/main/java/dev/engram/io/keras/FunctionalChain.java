package dev.engram.io.keras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces a functional ({@code "Model"}/{@code "Functional"}) config to the list of its layer entries
 * when the graph is a simple chain {@code Input -> l1 -> l2 -> ... -> output}; anything else is
 * rejected because the engine has no functional graph model yet.
 *
 * <p>Understands the inbound-node forms of Keras 1/2 and TF.js ({@code [[["name", node, tensor, {}]]]})
 * and Keras 3 ({@code [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}]}]}).
 */
final class FunctionalChain {
    private FunctionalChain() {
    }

    /** The layer entries from the input layer to the output layer, in call order. */
    static List<ConfigNode> layers(ConfigNode model, String modelName) throws ModelFormatException {
        ConfigNode config = model.get("config");
        Map<String, ConfigNode> byName = new LinkedHashMap<>();
        for (ConfigNode layer : config.get("layers").elements()) {
            String name = layer.get("name").isNullOrMissing() ? LayerConfigReader.name(layer) : layer.get("name").asString();
            if (byName.put(name, layer) != null) {
                throw layer.error("duplicate layer name '" + name + "'");
            }
        }
        String input = single(config.get("input_layers"), modelName, model);
        String output = single(config.get("output_layers"), modelName, model);
        List<ConfigNode> chain = new ArrayList<>();
        String current = output;
        while (true) {
            ConfigNode layer = byName.get(current);
            if (layer == null) {
                throw config.error("layer '" + current + "' is referenced but not defined; layers: " + byName.keySet());
            }
            if (chain.contains(layer) || chain.size() > byName.size()) {
                throw layer.error("the layer graph has a cycle through '" + current + "'");
            }
            chain.add(layer);
            if (current.equals(input)) {
                break;
            }
            current = inboundSource(layer, modelName, model);
            if (current == null) {
                throw notChain(model, modelName, "layer '" + LayerConfigReader.name(layer)
                        + "' has no inbound layer but is not the model input '" + input + "'");
            }
        }
        if (chain.size() != byName.size()) {
            List<String> extra = byName.entrySet().stream().filter(e -> !chain.contains(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            throw notChain(model, modelName, "layers " + extra + " are not on the path from '" + input + "' to '"
                    + output + "'");
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The name of the only layer feeding {@code layer}, or null for an input layer. */
    private static String inboundSource(ConfigNode layer, String modelName, ConfigNode model)
            throws ModelFormatException {
        ConfigNode nodes = layer.get("inbound_nodes");
        if (nodes.isNullOrMissing() || nodes.json().size() == 0) {
            return null;
        }
        List<ConfigNode> calls = nodes.elements();
        String name = LayerConfigReader.name(layer);
        if (calls.size() != 1) {
            throw notChain(model, modelName, "layer '" + name + "' is called " + calls.size() + " times (shared layer)");
        }
        ConfigNode call = calls.get(0);
        List<ConfigNode> tensors;
        if (call.json().isObject()) {
            tensors = call.get("args").elements();
            if (tensors.size() == 1 && tensors.get(0).json().isArray()) {
                tensors = tensors.get(0).elements();
            }
        } else {
            tensors = call.elements();
        }
        if (tensors.size() != 1) {
            throw notChain(model, modelName, "layer '" + name + "' has " + tensors.size() + " inputs");
        }
        ConfigNode t = tensors.get(0);
        if (t.json().isObject()) {
            return t.get("config").get("keras_history").get(0).asString();
        }
        return t.get(0).asString();
    }

    private static String single(ConfigNode refs, String modelName, ConfigNode model) throws ModelFormatException {
        List<ConfigNode> list = refs.elements();
        if (!list.isEmpty() && list.get(0).json().isTextual()) {
            return list.get(0).asString(); // Keras 3 writes a single ["name", 0, 0] unnested
        }
        if (list.size() != 1) {
            throw notChain(model, modelName, "it has " + list.size() + " " + refs.pointer().substring(
                    refs.pointer().lastIndexOf('/') + 1).replace('_', ' '));
        }
        return list.get(0).get(0).asString();
    }

    private static UnsupportedLayerException notChain(ConfigNode model, String modelName, String why) {
        String cls = model.json().path("class_name").asText("Functional");
        return new UnsupportedLayerException(model.file(), model.pointer(), modelName, cls,
                "functional model '" + modelName + "' is not a simple chain Input -> layers (" + why
                        + "); general functional graphs need the engine's functional Model API, which Engram does not have yet");
    }
}
