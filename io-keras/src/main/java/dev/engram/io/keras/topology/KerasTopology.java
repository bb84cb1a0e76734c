package dev.engram.io.keras.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.engram.models.Network;
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
 * {@code Model}/{@code Functional} configs as engine functional {@link Model}s
 * ({@link FunctionalGraphReader}: shared layers, several inputs and outputs, merge layers, RNN
 * initial states). Layers: {@link KerasLayers#supportedClassNames()}.
 */
public final class KerasTopology {
    /** Seed of any imported weight read before the file assigns it (initializers are deferred; none should run). */
    private static final long IMPORT_SEED = 0L;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KerasTopology() {
    }

    /**
     * The engine model a {@code {class_name, config}} object describes, built when the input shape is
     * known, with fresh (seeded) weights: a {@link Sequential} for {@code Sequential} configs, a
     * functional {@link Model} for {@code Model}/{@code Functional} configs.
     *
     * @param modelConfig the object ({@code modelTopology} of a TF.js file, the converter's
     *                    {@code model_config}, an h5 file's {@code model_config} attribute)
     * @param d           the file's dialect ({@link KerasDialect#fromKerasVersion})
     * @param file        the file name for error messages
     * @return a built model when every input shape is known, else an unbuilt one
     * @throws ModelFormatException when the config is malformed, names an unsupported layer (an {@link
     *                              UnsupportedLayerException}) or describes an inconsistent graph
     */
    public static Network toModel(JsonNode modelConfig, KerasDialect d, String file) throws ModelFormatException {
        return toModel(new ConfigNode(file, "", modelConfig), d);
    }

    /**
     * As {@link #toModel(JsonNode, KerasDialect, String)} with error locations relative to {@code modelConfig}'s pointer.
     *
     * @param modelConfig the {@code {class_name, config}} object and its place in the file
     * @param d the file's dialect
     * @return a built model when every input shape is known, else an unbuilt one
     * @throws ModelFormatException when the config is malformed, names an unsupported layer or describes an
     *                              inconsistent graph
     */
    public static Network toModel(ConfigNode modelConfig, KerasDialect d) throws ModelFormatException {
        return toModel(modelConfig, d, ParameterBudget.unchecked());
    }

    /**
     * As {@link #toModel(ConfigNode, KerasDialect)}, holding the model to {@code budget}: the layer
     * count and the parameters each layer's config implies are checked before the layer is built.
     *
     * @param modelConfig the {@code {class_name, config}} object and its place in the file
     * @param d the file's dialect
     * @param budget the layer and parameter limits, and the weight count the file holds if known
     * @return a built model when every input shape is known, else an unbuilt one
     * @throws ModelFormatException when the config is malformed, names an unsupported layer, describes an
     *                              inconsistent graph, or exceeds the budget
     */
    public static Network toModel(ConfigNode modelConfig, KerasDialect d, ParameterBudget budget)
            throws ModelFormatException {
        modelConfig.requireObject();
        String cls = modelConfig.get("class_name").asString();
        ConfigNode config = modelConfig.get("config");
        switch (cls) {
            case "Sequential" -> {
                return sequential(modelConfig, d, budget);
            }
            case "Model", "Functional" -> {
                String name = config.get("name").asString("model");
                List<AxisCheck> checks = new ArrayList<>();
                Model m = FunctionalGraphReader.read(modelConfig, d, name.isEmpty() ? "model" : name, IMPORT_SEED, checks,
                        budget);
                checkAxes(m, checks);
                freeze(m, config.get("layers").elements());
                return m;
            }
            default -> throw modelConfig.get("class_name").expected("\"Sequential\", \"Model\" or \"Functional\"");
        }
    }

    private static Sequential sequential(ConfigNode modelConfig, KerasDialect d, ParameterBudget budget)
            throws ModelFormatException {
        ConfigNode config = modelConfig.get("config");
        String name;
        List<ConfigNode> entries;
        Shape buildShape = null;
        if (config.json().isArray()) {
            name = "sequential";
            entries = config.elements();
        } else {
            config.requireObject();
            name = config.get("name").asString("sequential");
            entries = config.get("layers").elements();
            buildShape = KerasEntries.perSample(config.get("build_input_shape"));
        }
        if (buildShape == null) {
            buildShape = KerasEntries.perSample(modelConfig.get("build_config").get("input_shape"));
        }
        if (name.isEmpty()) {
            name = "sequential";
        }
        for (ConfigNode entry : entries) {
            budget.countLayer(entry);
        }
        List<AxisCheck> checks = new ArrayList<>();
        List<LayerConfig<?>> configs = layerConfigs(entries, d, buildShape, checks, budget);
        if (configs.isEmpty()) {
            throw config.error("the model has no layers Engram can build (only InputLayer entries)");
        }
        Sequential model = Sequential.withDeferredInitialization(name, budget.initialization(IMPORT_SEED));
        List<ConfigNode> layerEntries = leafEntries(entries);
        for (int i = 0; i < configs.size(); i++) {
            LayerConfig<?> c = configs.get(i);
            budget.charge(c, model.layers().isEmpty() ? c.inputShape() : model.outputShape(), config.get("layers"));
            try {
                model.add(c);
            } catch (IllegalArgumentException e) {
                throw layerEntries.get(i).error("cannot build layer '" + c.name() + "': " + e.getMessage());
            }
        }
        checkAxes(model, checks);
        freeze(model, entries);
        return model;
    }

    /** The entries that become engine layers, nested Sequential models flattened, in order. */
    private static List<ConfigNode> leafEntries(List<ConfigNode> entries) throws ModelFormatException {
        List<ConfigNode> out = new ArrayList<>();
        for (ConfigNode e : entries) {
            String cls = KerasEntries.className(e);
            if (NestedModels.isModel(cls)) {
                out.addAll(leafEntries(NestedModels.sequentialEntries(e)));
            } else if (!cls.equals("InputLayer")) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Keras parity: {@code "trainable": false} freezes every weight of the layer (training leaves it
     * unchanged), and of every layer of a nested model; TF.js and Keras then list those weights with the
     * non-trainable ones.
     */
    static void freeze(Network m, List<ConfigNode> entries) throws ModelFormatException {
        freeze(m, entries, false);
    }

    private static void freeze(Network m, List<ConfigNode> entries, boolean frozen) throws ModelFormatException {
        for (ConfigNode entry : entries) {
            ConfigNode t = entry.get("config").get("trainable");
            boolean off = frozen || !t.isNullOrMissing() && !t.asBoolean();
            if (NestedModels.isModel(KerasEntries.className(entry))) {
                freeze(m, NestedModels.sequentialEntries(entry), off);
                continue;
            }
            if (!off) {
                continue;
            }
            String name = KerasEntries.name(entry);
            for (Layer l : m.layers()) {
                if (l.name().equals(name)) {
                    l.parameters().forEach(p -> p.setTrainable(false));
                }
            }
        }
    }

    /** TF.js BatchNormalization: read over the last axis only (written as -1 or its index), see {@link AxisCheck}. */
    private static void checkAxes(Network m, List<AxisCheck> checks) throws ModelFormatException {
        for (AxisCheck c : checks) {
            Layer layer = m.layers().stream().filter(l -> l.name().equals(c.layerName())).findFirst().orElse(null);
            if (layer == null || !layer.isBuilt()) {
                if (c.axis() != -1) {
                    throw c.at().error("axis " + c.axis() + " of layer '" + c.layerName() + "' cannot be checked"
                            + " without an input shape; Engram reads a TF.js BatchNormalization over the last axis (-1)"
                            + " only");
                }
                continue;
            }
            int rank = layer.inputShapes().get(0).rank() + 1; // with the batch axis
            if (c.axis() != -1 && c.axis() != rank - 1) {
                throw new UnsupportedLayerException(c.at().file(), c.at().pointer(), c.layerName(), layer.typeName(),
                        layer.typeName() + " '" + c.layerName() + "' normalizes over axis " + c.axis() + " of a rank-"
                                + rank + " input in a TF.js file; TF.js 4.22's kernels cycle the statistics over the"
                                + " flat input instead of broadcasting them along that axis, so Engram reads TF.js's"
                                + " BatchNormalization over the last axis (-1) only");
            }
        }
    }

    /**
     * The engine configs of a Sequential's entries, in order; a nested Sequential contributes its own
     * layers (flattened; see {@link NestedModels}), each counted against the budget's layer limit.
     */
    static List<LayerConfig<?>> layerConfigs(List<ConfigNode> entries, KerasDialect d, Shape buildShape,
            List<AxisCheck> checks, ParameterBudget budget) throws ModelFormatException {
        List<LayerConfig<?>> out = new ArrayList<>();
        Shape pending = null;
        for (ConfigNode entry : entries) {
            entry.requireObject();
            String cls = KerasEntries.className(entry);
            ConfigNode c = entry.get("config");
            if (NestedModels.isModel(cls)) {
                List<ConfigNode> inner = NestedModels.sequentialEntries(entry);
                for (ConfigNode e : inner) {
                    budget.countLayer(e);
                }
                List<LayerConfig<?>> flat = layerConfigs(inner, d, out.isEmpty() ? (pending != null ? pending
                        : buildShape) : null, checks, budget);
                if (!out.isEmpty() && !flat.isEmpty() && flat.get(0).inputShape() != null) {
                    // The nested model's own input is the previous layer's output here (its weights' shapes
                    // are checked when they are assigned).
                    flat.set(0, flat.get(0).withInputShape(null));
                }
                out.addAll(flat);
                continue;
            }
            if (cls.equals("InputLayer")) {
                if (!out.isEmpty()) {
                    throw entry.error("an InputLayer must come first, found after " + out.size() + " layers");
                }
                pending = KerasEntries.declaredInputShape(c, false);
                if (pending == null) {
                    throw c.error("InputLayer '" + KerasEntries.name(entry) + "' has no batch_input_shape or batch_shape");
                }
                continue;
            }
            Shape in = null;
            if (out.isEmpty()) {
                // Keras parity: after an InputLayer, Sequential.add ignores the first layer's own batch_input_shape
                // (tf-keras 2.18 writes [null, null] into every Embedding without input_length, beside the
                // InputLayer's [null, 6]).
                in = pending != null ? pending : KerasEntries.declaredInputShape(c, cls.equals("Embedding"));
                in = in != null ? in : buildShape;
            }
            out.add(KerasLayers.read(entry, d, in, checks));
        }
        return out;
    }

    /**
     * The {@code {class_name, config}} object of {@code m} in dialect {@code d}: {@code Sequential}
     * for a {@link Sequential}, {@code Functional} (TF.js: {@code Model}) for a functional {@link Model}
     * (see {@link FunctionalGraphWriter}). Keras 3 adds {@code module}, {@code registered_name} and
     * {@code build_config}. Framework version keys ({@code keras_version}, {@code backend}) are left
     * to the file writer.
     *
     * @param m a built model
     * @param d the dialect to write; not {@link KerasDialect#KERAS_1}
     * @return a new {@code {class_name, config}} object
     * @throws ModelFormatException (file = the model's name) if the model is not built, has a layer
     *                              the dialect cannot express, or uses a function the dialect has no
     *                              name for; or for {@link KerasDialect#KERAS_1}, which is read-only
     */
    public static ObjectNode toJson(Network m, KerasDialect d) throws ModelFormatException {
        ConfigNode root = new ConfigNode("model '" + m.name() + "'", "", null);
        if (d == KerasDialect.KERAS_1) {
            throw root.error("writing Keras 1 configs is not supported (Keras 1 is a read-only dialect)");
        }
        MaskSemantics.check(m, d, root);
        // Network is sealed: a functional Model or a Sequential.
        return m instanceof Model fm ? FunctionalGraphWriter.write(fm, d, root) : toJson((Sequential) m, d, root);
    }

    private static ObjectNode toJson(Sequential m, KerasDialect d, ConfigNode root) throws ModelFormatException {
        if (m.inputShape() == null || m.layers().isEmpty()) {
            throw root.error("the model is not built: give the first layer an inputShape (or call predict once) before saving");
        }
        ConfigNode layersAt = root.get("config").get("layers");
        ArrayNode layers = F.arrayNode();
        if (d != KerasDialect.TFJS) {
            // Keras parity: Keras 3 names a Sequential's input "input_layer", tf-keras "<first layer>_input".
            layers.add(KerasEntries.inputLayer(m.inputShape(), d.isKeras3() ? "input_layer"
                    : m.layers().get(0).name() + "_input", d));
        }
        List<Layer> ls = m.layers();
        for (int i = 0; i < ls.size(); i++) {
            Shape in = i == 0 && d == KerasDialect.TFJS ? m.inputShape() : null;
            layers.add(KerasLayers.write(ls.get(i), d, in, layersAt.get(layers.size())));
        }
        ObjectNode config = F.objectNode();
        config.put("name", m.name());
        if (d.isKeras3()) {
            config.put("trainable", true);
            config.set("dtype", KerasEntries.dtype(d));
        }
        config.set("layers", layers);
        ObjectNode out = KerasEntries.envelope("keras", "Sequential", config, null, d);
        if (d.isKeras3()) {
            out.set("build_config", F.objectNode().set("input_shape", KerasEntries.batchShape(m.inputShape())));
        }
        return out;
    }
}
