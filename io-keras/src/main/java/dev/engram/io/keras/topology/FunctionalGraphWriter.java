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
import dev.engram.layers.MultiHeadAttention;
import dev.engram.layers.MultiHeadAttentionConfig;
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
            if (d.isKeras3()) {
                Keras3BiasAdd.refuse(layer, layersAt.get(layers.size()), true);
            }
            if (layer instanceof MultiHeadAttention mha && mha.foldOrder() != null
                    && (mha.config().useCausalMask() || mha.config().attentionMaskInput())
                    && mha.weightsMaskedAfterSoftmax() != d.isKeras3()) {
                // Keras 3 always takes its unfused path on inputs of rank above 3, tf-keras never zeroes
                throw layersAt.get(layers.size()).error("layer '" + layer.name() + "' (MultiHeadAttention over "
                        + "axes of rank-" + (layer.inputShapes().get(0).rank() + 1) + " inputs, masked) has no " + d
                        + " form: " + d + (d.isKeras3() ? " zeroes" : " keeps") + " the weights of a fully masked "
                        + "position after the softmax and this layer does not (zeroMaskedWeights)");
            }
            if (!d.isKeras3() && layer.config() instanceof MultiHeadAttentionConfig mha) {
                attentionShapes((ObjectNode) entry.get("config"), mha, layer.inputShapes());
            }
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

    /**
     * tf-keras's MultiHeadAttention builds its weights in {@code from_config} from {@code query_shape},
     * {@code key_shape} and {@code value_shape}, which it requires (Keras 3 refuses them as unknown arguments).
     */
    private static void attentionShapes(ObjectNode config, MultiHeadAttentionConfig m, List<dev.engram.tensor.Shape> in) {
        int tensors = in.size() - (m.attentionMaskInput() ? 1 : 0);
        config.set("query_shape", KerasEntries.batchShape(in.get(0)));
        config.set("key_shape", KerasEntries.batchShape(in.get(tensors == 3 ? 2 : 1)));
        config.set("value_shape", KerasEntries.batchShape(in.get(1)));
    }

    /** A MultiHeadAttention call's tensors after the query by Keras argument name: value, key, attention_mask. */
    private static Map<String, SymbolicTensor> attentionArguments(MultiHeadAttentionConfig m, List<SymbolicTensor> ins) {
        Map<String, SymbolicTensor> named = new java.util.LinkedHashMap<>();
        named.put("value", ins.get(1));
        int tensors = ins.size() - (m.attentionMaskInput() ? 1 : 0);
        if (tensors == 3) {
            named.put("key", ins.get(2));
        }
        if (m.attentionMaskInput()) {
            named.put("attention_mask", ins.get(ins.size() - 1));
        }
        return named;
    }

    private static ArrayNode listNode(LayerCall call, Map<SymbolicTensor, Source> sources) {
        ArrayNode node = F.arrayNode();
        if (call.layer().config() instanceof MultiHeadAttentionConfig m) {
            // tf-keras: the query is the node's tensor, the others are keyword arguments
            Source q = sources.get(call.inputs().get(0));
            ObjectNode kwargs = F.objectNode();
            attentionArguments(m, call.inputs()).forEach((k, t) -> {
                Source s = sources.get(t);
                kwargs.set(k, F.arrayNode().add(s.layer).add(s.node).add(s.tensor));
            });
            AttentionCallOptions.write(m, kwargs);
            node.add(F.arrayNode().add(q.layer).add(q.node).add(q.tensor).add(kwargs));
            return node;
        }
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
        if (call.layer().config() instanceof MultiHeadAttentionConfig m) {
            // Keras 3: mha(query, value, key=..., attention_mask=...)
            args.add(kerasTensor(ins.get(0), sources));
            for (Map.Entry<String, SymbolicTensor> e : attentionArguments(m, ins).entrySet()) {
                if (e.getKey().equals("value")) {
                    args.add(kerasTensor(e.getValue(), sources));
                } else {
                    kwargs.set(e.getKey(), kerasTensor(e.getValue(), sources));
                }
            }
        } else if (call.layer().config() instanceof RecurrentLayerConfig<?> || ins.size() == 1) {
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
