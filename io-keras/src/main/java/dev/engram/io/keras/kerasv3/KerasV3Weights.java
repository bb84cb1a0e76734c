package dev.engram.io.keras.kerasv3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasTopology;
import dev.engram.io.keras.h5.H5Input;
import dev.engram.io.keras.h5.H5Output;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Keras 3 weights layout ({@code model.weights.h5} inside a {@code .keras} zip, and
 * {@code save_weights("x.weights.h5")} of Keras 3 and tf-keras 2.13+), as Keras 3.10 writes it:
 *
 * <pre>
 *   /layers/lstm/vars              (empty group)
 *   /layers/lstm/cell/vars/0,1,2   kernel [in,4u], recurrent_kernel [u,4u], bias [4u]
 *   /layers/dropout/vars           (empty group)
 *   /layers/dense/vars/0,1         kernel [in,u], bias [u]
 *   /layers/dense_1/vars/0,1
 *   /vars                          (the model's own variables: none)
 * </pre>
 *
 * Group names are <b>not</b> the layer names: they are the snake-cased class name, numbered per
 * class in model order ({@code dense}, {@code dense_1}, ...; Keras {@code saving_lib
 * ._save_container_state}); the InputLayer of a Sequential has no group. Variables are unnamed and
 * assigned by position, in the order the layer created them (the engine's parameter order).
 */
public final class KerasV3Weights {
    /** Keras layer classes whose variables live in a {@code cell} sub-object. */
    private static final Set<String> RNN_CLASSES = Set.of("LSTM", "GRU", "SimpleRNN");

    private KerasV3Weights() {
    }

    /** The group path ({@code layers/lstm/cell/vars}) of each model layer, in model order. */
    static List<String> varPaths(Sequential model) throws IOException {
        JsonNode layers = classNames(model);
        List<String> classes = new ArrayList<>();
        for (JsonNode entry : layers) {
            String cls = entry.path("class_name").asText();
            if (!cls.equals("InputLayer")) {
                classes.add(cls);
            }
        }
        Map<String, Integer> used = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String cls : classes) {
            String snake = toSnakeCase(cls);
            int n = used.merge(snake, 1, Integer::sum) - 1;
            String group = "layers/" + (n == 0 ? snake : snake + "_" + n);
            out.add(RNN_CLASSES.contains(cls) ? group + "/cell/vars" : group + "/vars");
        }
        return out;
    }

    /**
     * The model's Keras layer entries. Only the class names are used, which are the same in every
     * dialect; a dialect may still refuse a model (Keras 3 has no name for hard_sigmoid 0.2x+0.5, which
     * a tf.keras 2 model's weights file may well belong to), so the others are tried in turn.
     */
    private static JsonNode classNames(Sequential model) throws IOException {
        IOException first = null;
        for (KerasDialect d : List.of(KerasDialect.KERAS_3, KerasDialect.KERAS_2, KerasDialect.TFJS)) {
            try {
                return KerasTopology.toJson(model, d).path("config").path("layers");
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** Keras {@code naming.to_snake_case}: {@code LSTM -> lstm}, {@code InputLayer -> input_layer}. */
    static String toSnakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the weights below {@code root} into {@code model}; nothing is assigned unless every
     * parameter has a variable of its shape and every variable a parameter.
     */
    public static void read(H5Input in, Group root, Sequential model) throws IOException {
        List<String> paths = varPaths(model);
        List<Layer> layers = model.layers();
        List<Tensor[]> planned = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Parameter> params = layer.parameters();
            String path = paths.get(i);
            Node node = in.nodeOrNull(root, path);
            List<String> vars = new ArrayList<>();
            if (node instanceof Group g) {
                for (int k = 0; in.childOrNull(g, Integer.toString(k)) != null; k++) {
                    vars.add(Integer.toString(k));
                }
            } else if (!params.isEmpty()) {
                throw in.error("/" + path, "missing group with the " + params.size() + " variables of layer '"
                        + layer.name() + "' " + describe(params));
            }
            if (vars.size() != params.size()) {
                throw in.error("/" + path, "layer '" + layer.name() + "' expects " + params.size()
                        + " variables " + describe(params) + ", the file has " + vars.size());
            }
            Tensor[] values = new Tensor[params.size()];
            for (int k = 0; k < params.size(); k++) {
                Tensor t = in.floatDataset((Group) node, vars.get(k));
                if (!t.shape().equals(params.get(k).shape())) {
                    throw in.error("/" + path + "/" + k, "layer '" + layer.name() + "' parameter "
                            + params.get(k).name() + " has shape " + params.get(k).shape() + ", the file "
                            + t.shape());
                }
                values[k] = t;
            }
            planned.add(values);
        }
        for (int i = 0; i < layers.size(); i++) {
            List<Parameter> params = layers.get(i).parameters();
            for (int k = 0; k < params.size(); k++) {
                params.get(k).assign(planned.get(i)[k]);
            }
        }
    }

    /**
     * Writes {@code model}'s weights below {@code root} in the layout above, except that groups
     * without variables ({@code layers/dropout/vars}, {@code layers/lstm/vars}, {@code /vars}) are
     * left out: jhdf 0.10.0 writes a corrupt file when an empty group and a dataset share the file
     * in some orders, and Keras 3 reads a missing {@code vars} group as "no variables"
     * ({@code H5Entry} falls back to an empty dict).
     */
    public static void write(WritableGroup root, Sequential model) throws IOException {
        List<String> paths = varPaths(model);
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            List<Parameter> params = layers.get(i).parameters();
            if (params.isEmpty()) {
                continue;
            }
            WritableGroup vars = group(root, paths.get(i));
            for (int k = 0; k < params.size(); k++) {
                H5Output.putTensor(vars, Integer.toString(k), params.get(k).value());
            }
        }
    }

    private static WritableGroup group(WritableGroup root, String path) {
        WritableGroup g = root;
        for (String part : path.split("/")) {
            g = H5Output.childGroup(g, part);
        }
        return g;
    }

    private static String describe(List<Parameter> params) {
        List<String> parts = new ArrayList<>();
        for (Parameter p : params) {
            parts.add(p.name() + " " + p.shape());
        }
        return parts.toString();
    }
}
