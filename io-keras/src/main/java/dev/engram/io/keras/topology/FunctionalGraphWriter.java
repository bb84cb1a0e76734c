package dev.engram.io.keras.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.layers.KerasEntries;
import dev.engram.io.keras.layers.KerasLayers;
import dev.engram.layers.Layer;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.models.LayerCall;
import dev.engram.models.Model;
import dev.engram.models.SymbolicTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a functional {@link Model} as a Keras functional config: one {@code InputLayer} entry per
 * model input, then every layer with its {@code inbound_nodes} (one per call, in the model's call
 * order, so node {@code n} of a shared layer is its {@code n}-th call), {@code input_layers} and
 * {@code output_layers}. Class name {@code Model} for TF.js (tfjs-layers' LayersModel),
 * {@code Functional} for Keras 2 and 3. Inbound nodes: the list-of-lists form
 * {@code [[["name", node, tensor, {}], ...]]} for TF.js and Keras 2 (a recurrent layer's initial
 * states follow its input in the same list, which both frameworks read as {@code initial_state}),
 * and Keras 3's {@code {"args": [...], "kwargs": {...}}} with {@code __keras_tensor__} objects (a
 * merge layer gets one list argument; initial states go to {@code kwargs.initial_state}).
 */
final class FunctionalGraphWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Where a tensor comes from: (layer, node, tensor). */
    private record Source(String layer, int node, int tensor) {
    }

    private FunctionalGraphWriter() {
    }

    static ObjectNode write(Model m, KerasDialect d, ConfigNode root) throws ModelFormatException {
        Map<SymbolicTensor, Source> sources = new IdentityHashMap<>();
        ArrayNode layers = F.arrayNode();
        ConfigNode layersAt = root.get("config").get("layers");
        for (SymbolicTensor in : m.inputs()) {
            sources.put(in, new Source(in.name(), 0, 0));
            layers.add(inputLayer(in, d));
        }
        Map<Layer, List<LayerCall>> callsByLayer = new java.util.LinkedHashMap<>();
        Map<String, Integer> nodeCount = new HashMap<>();
        for (LayerCall call : m.calls()) {
            int node = nodeCount.merge(call.layer().name(), 1, Integer::sum) - 1;
            for (int t = 0; t < call.outputs().size(); t++) {
                sources.put(call.outputs().get(t), new Source(call.layer().name(), node, t));
            }
            callsByLayer.computeIfAbsent(call.layer(), k -> new ArrayList<>()).add(call);
        }
        for (Layer layer : m.layers()) {
            ObjectNode entry = KerasLayers.write(layer, d, null, layersAt.get(layers.size()));
            entry.put("name", layer.name());
            ArrayNode nodes = entry.putArray("inbound_nodes");
            for (LayerCall call : callsByLayer.get(layer)) {
                nodes.add(d.isKeras3() ? keras3Node(call, sources) : listNode(call, sources));
            }
            layers.add(entry);
        }
        ObjectNode config = F.objectNode();
        config.put("name", m.name());
        if (d.isKeras3()) {
            config.put("trainable", true);
        }
        config.set("layers", layers);
        config.set("input_layers", refs(m.inputs(), sources));
        config.set("output_layers", refs(m.outputs(), sources));
        return KerasEntries.envelope("keras.src.models.functional", d == KerasDialect.TFJS ? "Model" : "Functional",
                config, "Functional", d);
    }

    private static ObjectNode inputLayer(SymbolicTensor in, KerasDialect d) {
        ObjectNode entry = KerasEntries.inputLayer(in.shape(), in.name(), d);
        entry.put("name", in.name());
        entry.putArray("inbound_nodes");
        return entry;
    }

    private static ArrayNode listNode(LayerCall call, Map<SymbolicTensor, Source> sources) {
        ArrayNode node = F.arrayNode();
        for (SymbolicTensor t : call.inputs()) {
            Source s = sources.get(t);
            ObjectNode kwargs = F.objectNode();
            AttentionCallOptions.write(call.layer().config(), kwargs);
            node.add(F.arrayNode().add(s.layer).add(s.node).add(s.tensor).add(kwargs));
        }
        return node;
    }

    private static ObjectNode keras3Node(LayerCall call, Map<SymbolicTensor, Source> sources) {
        ObjectNode node = F.objectNode();
        ArrayNode args = node.putArray("args");
        ObjectNode kwargs = node.putObject("kwargs");
        AttentionCallOptions.write(call.layer().config(), kwargs);
        List<SymbolicTensor> ins = call.inputs();
        if (call.layer().config() instanceof RecurrentLayerConfig<?> || ins.size() == 1) {
            args.add(kerasTensor(ins.get(0), sources));
            if (ins.size() > 1) {
                ArrayNode states = kwargs.putArray("initial_state");
                for (SymbolicTensor t : ins.subList(1, ins.size())) {
                    states.add(kerasTensor(t, sources));
                }
            }
        } else {
            ArrayNode list = args.addArray();
            for (SymbolicTensor t : ins) {
                list.add(kerasTensor(t, sources));
            }
        }
        return node;
    }

    private static ObjectNode kerasTensor(SymbolicTensor t, Map<SymbolicTensor, Source> sources) {
        Source s = sources.get(t);
        ObjectNode c = F.objectNode();
        c.set("shape", KerasEntries.batchShape(t.shape()));
        c.put("dtype", "float32");
        c.set("keras_history", F.arrayNode().add(s.layer).add(s.node).add(s.tensor));
        ObjectNode o = F.objectNode();
        o.put("class_name", "__keras_tensor__");
        o.set("config", c);
        return o;
    }

    private static ArrayNode refs(List<SymbolicTensor> ts, Map<SymbolicTensor, Source> sources) {
        ArrayNode a = F.arrayNode();
        for (SymbolicTensor t : ts) {
            Source s = sources.get(t);
            a.add(F.arrayNode().add(s.layer).add(s.node).add(s.tensor));
        }
        return a;
    }
}
