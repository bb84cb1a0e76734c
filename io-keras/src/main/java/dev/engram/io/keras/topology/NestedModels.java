package dev.engram.io.keras.topology;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.LayerWeights;
import dev.engram.io.keras.internal.NamedTensor;
import dev.engram.io.keras.layers.KerasEntries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequential models used as layers of another model (a Keras {@code Sequential} encoder called inside
 * a functional model, a TF.js {@code tf.sequential} added to another): the readers flatten them into
 * their leaf layers, shared across calls of the nested model, and this class says where the files
 * keep those layers' weights. A nested functional model is refused with its name.
 *
 * <p>Weights by format: TF.js names them by the leaf layer ({@code gru_GRU6/kernel}), so nothing
 * changes; a Keras {@code .h5} keeps them in the nested model's group with the leaf layer as a path
 * segment ({@code encoder/gru_9/gru_cell/kernel:0}, Keras 3 {@code encoder/encoder/gru_9/...});
 * Keras 3's {@code model.weights.h5} nests groups numbered per class in each model's own scope
 * ({@code layers/sequential/layers/gru_1/cell/vars}).
 */
public final class NestedModels {
    /**
     * One enclosing nested model of a leaf layer.
     *
     * @param name the nested model's layer name in its parent
     * @param className its Keras class ({@code Sequential})
     */
    public record Scope(String name, String className) {
    }

    private final Map<String, List<Scope>> chains;

    private NestedModels(Map<String, List<Scope>> chains) {
        this.chains = chains;
    }

    /**
     * No nesting: every layer belongs to the model itself.
     *
     * @return the empty nesting
     */
    public static NestedModels none() {
        return new NestedModels(Map.of());
    }

    /**
     * True for the classes of models, which the readers flatten or refuse rather than read as layers.
     *
     * @param className a layer entry's {@code class_name}
     * @return whether it names a model
     */
    static boolean isModel(String className) {
        return className.equals("Sequential") || className.equals("Functional") || className.equals("Model");
    }

    /**
     * The entries of a nested Sequential (its {@code config.layers}, or Keras 1/2.0-2.2's plain list),
     * refusing a nested functional model.
     *
     * @param entry the nested model's layer entry
     * @return its layer entries, in order
     * @throws ModelFormatException when it is a functional model or malformed
     */
    static List<ConfigNode> sequentialEntries(ConfigNode entry) throws ModelFormatException {
        String cls = KerasEntries.className(entry);
        String name = KerasEntries.name(entry);
        if (!cls.equals("Sequential")) {
            throw new UnsupportedLayerException(entry.file(), entry.pointer(), name, cls, "layer '" + name
                    + "' is a nested functional model (" + cls + "); Engram flattens nested Sequential models"
                    + " only: call the inner model's layers directly, or save the inner model as a Sequential");
        }
        ConfigNode config = entry.get("config");
        return config.json().isArray() ? config.elements() : config.get("layers").elements();
    }

    /**
     * The nested Sequential models of a model config, by leaf layer: empty when nothing is nested.
     *
     * @param modelConfig the {@code {class_name, config}} object of the whole model
     * @return the nesting
     * @throws ModelFormatException when the config is malformed
     */
    public static NestedModels of(ConfigNode modelConfig) throws ModelFormatException {
        Map<String, List<Scope>> chains = new HashMap<>();
        ConfigNode config = modelConfig.get("config");
        List<ConfigNode> entries = config.json().isArray() ? config.elements() : config.get("layers").elements();
        collect(entries, List.of(), chains);
        return new NestedModels(chains);
    }

    private static void collect(List<ConfigNode> entries, List<Scope> outer, Map<String, List<Scope>> chains)
            throws ModelFormatException {
        for (ConfigNode e : entries) {
            String cls = KerasEntries.className(e);
            String name = e.get("name").isNullOrMissing() ? KerasEntries.name(e) : e.get("name").asString();
            if (isModel(cls)) {
                List<Scope> inner = new ArrayList<>(outer);
                inner.add(new Scope(name, cls));
                collect(sequentialEntries(e), List.copyOf(inner), chains);
            } else if (!outer.isEmpty()) {
                chains.put(name, outer);
            }
        }
    }

    /**
     * Whether the model nests anything.
     *
     * @return true when some layer sits inside a nested model
     */
    public boolean isEmpty() {
        return chains.isEmpty();
    }

    /**
     * The nested models around a leaf layer, outermost first.
     *
     * @param layer the leaf layer's name
     * @return the chain, empty for a layer of the model itself
     */
    public List<Scope> chain(String layer) {
        return chains.getOrDefault(layer, List.of());
    }

    /**
     * The {@code .h5} weight groups with each nested model's group split into its leaf layers: a tensor
     * belongs to the leaf layer named by one of the segments of its path.
     *
     * @param groups the groups in file order, as the file lists them
     * @param file the file name, for errors
     * @return the groups with nested models' replaced by their leaves', in order
     * @throws ModelFormatException when a nested model's tensor names none of its layers
     */
    public List<LayerWeights> regroup(List<LayerWeights> groups, String file) throws ModelFormatException {
        if (chains.isEmpty()) {
            return groups;
        }
        Map<String, List<String>> leavesOf = new HashMap<>();
        chains.forEach((leaf, chain) -> leavesOf.computeIfAbsent(chain.get(0).name(), k -> new ArrayList<>()).add(leaf));
        List<LayerWeights> out = new ArrayList<>();
        for (LayerWeights g : groups) {
            List<String> leaves = leavesOf.get(g.layerName());
            if (leaves == null) {
                out.add(g);
                continue;
            }
            Map<String, List<NamedTensor>> byLeaf = new LinkedHashMap<>();
            for (NamedTensor t : g.tensors()) {
                String leaf = null;
                for (String segment : t.name().split("/")) {
                    if (leaves.contains(segment)) {
                        leaf = segment;
                        break;
                    }
                }
                if (leaf == null) {
                    throw new ModelFormatException(file, t.name(), "a weight of nested model '" + g.layerName()
                            + "' names none of its layers " + leaves);
                }
                byLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(t);
            }
            byLeaf.forEach((leaf, ts) -> out.add(new LayerWeights(leaf, ts)));
        }
        return out;
    }

    /**
     * The node index a file gives the {@code n}-th listed call of a nested model: TF.js and tf-keras
     * count the node a model built with its own input made when it was created (so calls start at
     * 1), Keras 3 renumbers the calls from 0.
     *
     * @param n the call's position in the entry's {@code inbound_nodes}
     * @param nested the nested model's entries
     * @param d the file's dialect
     * @return the node index references use for that call
     * @throws ModelFormatException when the entries are malformed
     */
    static int nodeIndex(int n, List<ConfigNode> nested, KerasDialect d) throws ModelFormatException {
        if (d == KerasDialect.KERAS_3 || nested.isEmpty()) {
            return n;
        }
        ConfigNode first = nested.get(0);
        boolean builtWithInput = KerasEntries.className(first).equals("InputLayer")
                || KerasEntries.declaredInputShape(first.get("config"), false) != null;
        return builtWithInput ? n + 1 : n;
    }
}
