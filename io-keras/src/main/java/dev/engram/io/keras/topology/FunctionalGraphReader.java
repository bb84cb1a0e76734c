package dev.engram.io.keras.topology;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.ParameterBudget;
import dev.engram.io.keras.layers.AxisCheck;
import dev.engram.io.keras.layers.KerasEntries;
import dev.engram.io.keras.layers.KerasLayers;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an engine functional {@link Model} from a Keras {@code Model}/{@code Functional} config:
 * {@code layers} (each with {@code inbound_nodes}), {@code input_layers}, {@code output_layers}.
 *
 * <p>Inbound nodes come in two forms. Keras 1/2 and TF.js: one list per call of the layer, holding
 * one {@code ["layer", nodeIndex, tensorIndex, {kwargs}]} per input tensor. Keras 3: one object per
 * call, {@code {"args": [...], "kwargs": {...}}}, whose tensors are
 * {@code {"class_name": "__keras_tensor__", "config": {"keras_history": ["layer", node, tensor]}}}
 * (a merge layer's single argument is a list of them). A reference {@code (layer, n, t)} means output
 * {@code t} of the {@code n}-th call of {@code layer} as listed in its {@code inbound_nodes} (an input
 * layer has the one node 0). A layer called several times is shared (one engine layer, applied once
 * per call). An RNN's {@code initial_state} keyword (or, tf.keras 2, extra input tensors) becomes the
 * engine layer's extra inputs. Calls are made as soon as their inputs exist; calls that never become
 * ready mean a cycle, which is an error.
 */
final class FunctionalGraphReader {
    /** One tensor reference. */
    private record Ref(String layer, int node, int tensor, ConfigNode at) {
        String key() {
            return layer + "#" + node;
        }
    }

    /** One call of a layer: its input tensors in engine order (inputs, then initial states). */
    /** {@code maskGiven}: the call names a mask argument (Keras 3), {@code mask} its tensor or null for None. */
    private record Call(String layer, int node, List<Ref> inputs, ConfigNode at, boolean maskGiven, Ref mask) {
        Call(String layer, int node, List<Ref> inputs, ConfigNode at, Map<String, Ref> kwargs) {
            this(layer, node, inputs, at, kwargs.containsKey("mask"), kwargs.get("mask"));
        }
    }

    private FunctionalGraphReader() {
    }

    static Model read(ConfigNode model, KerasDialect d, String name, long seed, List<AxisCheck> checks,
            ParameterBudget budget) throws ModelFormatException {
        ConfigNode config = model.get("config").requireObject();
        ModelBuilder b = ModelBuilder.withDeferredInitialization(name, budget.initialization(seed));
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, Layer> layers = new HashMap<>();
        Map<String, LayerConfig<?>> configs = new HashMap<>();
        Map<String, List<SymbolicTensor>> produced = new HashMap<>();
        Map<String, List<Layer>> nested = new HashMap<>();
        List<Call> pending = new ArrayList<>();
        Keras3MaskOps maskOps = new Keras3MaskOps();
        for (ConfigNode entry : config.get("layers").elements()) {
            budget.countLayer(entry);
            entry.requireObject();
            String layerName = entry.get("name").isNullOrMissing() ? KerasEntries.name(entry)
                    : entry.get("name").asString();
            if (entries.put(layerName, entry) != null) {
                throw entry.error("duplicate layer name '" + layerName + "'");
            }
        }
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            String layerName = e.getKey();
            ConfigNode entry = e.getValue();
            ConfigNode c = entry.get("config");
            if (Keras3MaskOps.isMaskOp(entry, KerasEntries.className(entry))) {
                maskOps.add(layerName, entry); // read as the mask argument it computes, checked at its consumers
                continue;
            }
            try {
                if (KerasEntries.className(entry).equals("InputLayer")) {
                    Shape s = KerasEntries.declaredInputShape(c, false);
                    if (s == null) {
                        throw c.error("InputLayer '" + layerName + "' has no batch_input_shape or batch_shape");
                    }
                    produced.put(layerName + "#0", List.of(b.input(layerName, s.toArray())));
                    continue;
                }
                if (NestedModels.isModel(KerasEntries.className(entry))) {
                    // A nested Sequential: its layers, created once and applied in order at every call.
                    List<ConfigNode> inner = NestedModels.sequentialEntries(entry);
                    for (ConfigNode e2 : inner) {
                        budget.countLayer(e2);
                    }
                    List<Layer> chain = new ArrayList<>();
                    for (LayerConfig<?> lc : KerasTopology.layerConfigs(inner, d, null, checks, budget)) {
                        configs.put(lc.name(), lc);
                        chain.add(b.layer(lc));
                    }
                    nested.put(layerName, chain);
                    List<ConfigNode> nodes = entry.get("inbound_nodes").isNullOrMissing() ? List.of()
                            : entry.get("inbound_nodes").elements();
                    for (int n = 0; n < nodes.size(); n++) {
                        Map<String, Ref> kw = new HashMap<>();
                        List<Ref> in = inputs(nodes.get(n), layerName, entries, kw);
                        pending.add(new Call(layerName, NestedModels.nodeIndex(n, inner, d), in, nodes.get(n), kw));
                    }
                    continue;
                }
                LayerConfig<?> lc = AttentionCallOptions.apply(KerasLayers.read(entry, d, null, checks),
                        AttentionCallOptions.read(entry, layerName), layerName, entry.get("inbound_nodes"),
                        AttentionCallOptions.queryRank(entry));
                configs.put(layerName, lc);
                layers.put(layerName, b.layer(lc));
            } catch (IllegalArgumentException ex) {
                throw entry.error("cannot create layer '" + layerName + "': " + ex.getMessage());
            }
            List<ConfigNode> nodes = entry.get("inbound_nodes").isNullOrMissing() ? List.of()
                    : entry.get("inbound_nodes").elements();
            for (int n = 0; n < nodes.size(); n++) {
                Map<String, Ref> kw = new HashMap<>();
                List<Ref> in = inputs(nodes.get(n), layerName, entries, kw);
                pending.add(new Call(layerName, n, in, nodes.get(n), kw));
            }
        }
        // Apply calls as their inputs become available (Keras lists layers in topological order, but
        // shared layers may be listed before some of their later calls' inputs exist). Kahn's
        // algorithm: each call waits on a count of missing inputs, so any listing order is linear.
        for (Call call : pending) {
            for (Ref r : call.inputs) {
                if (maskOps.isOp(r.layer)) {
                    throw new UnsupportedLayerException(r.at.file(), r.at.pointer(), call.layer, "", "layer '"
                            + call.layer + "' takes the output of the mask operation '" + r.layer + "' as an input;"
                            + " Engram reads NotEqual/Any/LogicalOr/LogicalAnd only as a layer's mask argument");
                }
            }
        }
        Map<String, List<Call>> waiting = new HashMap<>();
        Map<Call, Integer> missing = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Call> ready = new java.util.ArrayDeque<>();
        for (Call call : pending) {
            int m = 0;
            for (String key : new java.util.LinkedHashSet<>(call.inputs.stream().map(Ref::key).toList())) {
                if (!produced.containsKey(key)) {
                    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(call);
                    m++;
                }
            }
            missing.put(call, m);
            if (m == 0) {
                ready.add(call);
            }
        }
        java.util.Set<String> charged = new java.util.HashSet<>();
        int applied = 0;
        while (!ready.isEmpty()) {
            Call call = ready.poll();
            SymbolicTensor[] args = new SymbolicTensor[call.inputs.size()];
            for (int k = 0; k < args.length; k++) {
                args[k] = tensor(produced, call.inputs.get(k));
            }
            String key = call.layer + "#" + call.node;
            if (call.maskGiven) {
                maskOps.check(call.layer, args[0], call.mask == null ? null : call.mask.at, call.at);
            }
            List<String> argKeys = call.inputs.stream().map(r -> r.key() + ":" + r.tensor).toList();
            List<Layer> chain = nested.containsKey(call.layer) ? nested.get(call.layer) : List.of(layers.get(call.layer));
            for (Layer layer : chain) {
                SymbolicTensor[] before = args;
                if (charged.add(layer.name()) && args.length > 0) {
                    budget.charge(configs.getOrDefault(layer.name(), configs.get(call.layer)), args[0].shape(), call.at);
                }
                try {
                    args = b.applyAll(layer, args).toArray(SymbolicTensor[]::new);
                } catch (IllegalArgumentException ex) {
                    String which = layer.name().equals(call.layer) ? "(call " + call.node + ")"
                            : "(call " + call.node + " of nested model '" + call.layer + "')";
                    throw call.at.error("cannot apply layer '" + layer.name() + "' " + which + ": " + ex.getMessage());
                }
                maskOps.applied(layer, List.of(before), argKeys, List.of(args), call.at);
                String inner = layer.name();
                argKeys = java.util.stream.IntStream.range(0, args.length).mapToObj(i -> inner + "#out:" + i).toList();
            }
            produced.put(key, List.of(args));
            applied++;
            for (Call w : waiting.getOrDefault(key, List.of())) {
                if (missing.merge(w, -1, Integer::sum) == 0) {
                    ready.add(w);
                }
            }
        }
        if (applied < pending.size()) {
            List<Call> stuck = pending.stream().filter(c -> missing.get(c) > 0).limit(20).toList();
            Call first = stuck.get(0);
            throw first.at.error("the layer graph has a cycle (or a reference to a call that never happens): calls "
                    + stuck.stream().map(c -> "'" + c.layer + "' #" + c.node).toList()
                    + " wait for each other");
        }
        List<SymbolicTensor> ins = new ArrayList<>();
        for (Ref r : refs(config.get("input_layers"), entries)) {
            ins.add(tensor(produced, r));
        }
        List<SymbolicTensor> outs = new ArrayList<>();
        for (Ref r : refs(config.get("output_layers"), entries)) {
            SymbolicTensor t = produced.containsKey(r.key()) ? tensor(produced, r) : null;
            if (t == null) {
                throw r.at.error("output '" + r.layer + "' node " + r.node + " is never computed");
            }
            outs.add(t);
        }
        Model built;
        try {
            built = b.build(ins, outs);
        } catch (IllegalArgumentException ex) {
            throw config.error("cannot build functional model '" + name + "': " + ex.getMessage());
        }
        if (d.isKeras3()) {
            for (Layer layer : built.layers()) {
                Keras3BiasAdd.refuse(layer, entries.getOrDefault(layer.name(), config), false);
            }
        }
        return built;
    }

    private static SymbolicTensor tensor(Map<String, List<SymbolicTensor>> produced, Ref r) throws ModelFormatException {
        List<SymbolicTensor> outs = produced.get(r.key());
        if (outs == null) {
            throw r.at.error("input layer '" + r.layer + "' node " + r.node + " does not exist");
        }
        if (r.tensor >= outs.size()) {
            throw r.at.error("layer '" + r.layer + "' has " + outs.size() + " output(s); tensor index " + r.tensor
                    + " does not exist");
        }
        return outs.get(r.tensor);
    }

    /** The input references of one inbound node, in engine argument order. */
    private static List<Ref> inputs(ConfigNode node, String layer, Map<String, ConfigNode> entries,
            Map<String, Ref> named) throws ModelFormatException {
        List<Ref> out = new ArrayList<>();
        List<Ref> states = new ArrayList<>();
        if (node.json().isObject()) { // Keras 3
            for (ConfigNode arg : node.get("args").elements()) {
                if (arg.json().isArray()) {
                    for (ConfigNode t : arg.elements()) {
                        out.add(kerasTensor(t, layer, entries));
                    }
                } else {
                    out.add(kerasTensor(arg, layer, entries));
                }
            }
            kwargs(node.get("kwargs"), layer, entries, states, named);
        } else {
            for (ConfigNode t : node.elements()) {
                out.add(listRef(t, layer, entries));
                if (t.json().size() > 3) {
                    kwargs(t.get(3), layer, entries, states, named);
                }
            }
            named.remove("mask"); // a Keras 2 file's mask: null is no saved mask; Engram's propagation decides
        }
        // MultiHeadAttention's tensor arguments, in engine order: query, value, key, attention mask
        for (String key : AttentionCallOptions.TENSOR_KEYS) {
            if (named.containsKey(key)) {
                out.add(named.get(key));
            }
        }
        out.addAll(states);
        if (out.isEmpty()) {
            throw node.error("layer '" + layer + "' has a call without input tensors");
        }
        return out;
    }

    private static void kwargs(ConfigNode kw, String layer, Map<String, ConfigNode> entries, List<Ref> states,
            Map<String, Ref> named) throws ModelFormatException {
        if (kw.isNullOrMissing()) {
            return;
        }
        var it = kw.requireObject().json().fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            ConfigNode v = kw.get(key);
            switch (key) {
                case "initial_state" -> {
                    List<ConfigNode> list = v.json().isArray() && v.json().size() > 0 && !v.json().get(0).isTextual()
                            ? v.elements() : List.of(v);
                    for (ConfigNode t : list) {
                        states.add(t.json().isObject() ? kerasTensor(t, layer, entries) : listRef(t, layer, entries));
                    }
                }
                case "value", "key", "attention_mask" -> {
                    if (!v.isNullOrMissing()) {
                        named.put(key, v.json().isObject() ? kerasTensor(v, layer, entries) : listRef(v, layer, entries));
                    }
                }
                case "query_mask", "value_mask", "key_mask" -> {
                    if (!v.isNullOrMissing()) {
                        throw new UnsupportedLayerException(v.file(), v.pointer(), layer, "", "layer '" + layer
                                + "' is called with an explicit " + key + " tensor; Engram takes masks from the inputs");
                    }
                }
                case "use_causal_mask", "return_attention_scores" -> {
                    // call options of attention layers: read into the config by AttentionCallOptions
                }
                case "mask" -> {
                    if (v.json().isObject()) {
                        named.put(key, kerasTensor(v, layer, entries)); // Keras 3's saved mask: checked on apply
                    } else if (v.json().isNull()) {
                        named.put(key, null);
                    } else if (!v.isNullOrMissing() && !v.json().isBoolean()) {
                        throw new UnsupportedLayerException(v.file(), v.pointer(), layer, "",
                                "layer '" + layer + "' is called with an explicit " + key + " tensor; unsupported");
                    }
                }
                case "training" -> {
                    if (!v.isNullOrMissing() && !v.json().isBoolean()) {
                        throw new UnsupportedLayerException(v.file(), v.pointer(), layer, "",
                                "layer '" + layer + "' is called with an explicit " + key + " tensor; unsupported");
                    }
                }
                default -> throw new UnsupportedLayerException(v.file(), v.pointer(), layer, "",
                        "layer '" + layer + "' is called with keyword argument '" + key + "'; Engram supports"
                                + " initial_state and MultiHeadAttention's value, key and attention_mask only");
            }
        }
    }

    private static Ref kerasTensor(ConfigNode t, String layer, Map<String, ConfigNode> entries)
            throws ModelFormatException {
        if (!t.json().isObject() || !"__keras_tensor__".equals(t.json().path("class_name").asText())) {
            throw new UnsupportedLayerException(t.file(), t.pointer(), layer, "", "layer '" + layer
                    + "' is called with a non-tensor argument " + t.describe() + "; unsupported");
        }
        return listRef(t.get("config").get("keras_history"), layer, entries);
    }

    private static Ref listRef(ConfigNode t, String layer, Map<String, ConfigNode> entries) throws ModelFormatException {
        String source = t.get(0).asString();
        if (!entries.containsKey(source)) {
            throw t.error("an inbound node of layer '" + layer + "' names unknown layer '" + source + "'; layers: "
                    + entries.keySet());
        }
        return new Ref(source, t.get(1).asInt(0), t.get(2).asInt(0), t);
    }

    /** {@code input_layers}/{@code output_layers}: {@code [[name, node, tensor], ...]} or a single unnested one. */
    private static List<Ref> refs(ConfigNode list, Map<String, ConfigNode> entries) throws ModelFormatException {
        List<ConfigNode> e = list.elements();
        if (!e.isEmpty() && e.get(0).json().isTextual()) {
            e = List.of(list);
        }
        if (e.isEmpty()) {
            throw list.expected("at least one [layer, node, tensor] reference");
        }
        List<Ref> out = new ArrayList<>();
        for (ConfigNode r : e) {
            String source = r.get(0).asString();
            if (!entries.containsKey(source)) {
                throw r.error("names unknown layer '" + source + "'; layers: " + entries.keySet());
            }
            out.add(new Ref(source, r.get(1).asInt(0), r.get(2).asInt(0), r));
        }
        return out;
    }
}
