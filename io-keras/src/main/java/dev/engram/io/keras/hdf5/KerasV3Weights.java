package dev.engram.io.keras.hdf5;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.KerasLayerOrder;
import dev.engram.io.keras.layers.KerasLayers;
import dev.engram.io.keras.topology.NestedModels;
import dev.engram.layers.Bidirectional;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.ConvLstm2DConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.MultiHeadAttentionConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.RecurrentLayer;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.Rnn;
import dev.engram.layers.RnnConfig;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.models.Network;
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
    private KerasV3Weights() {
    }

    /**
     * One variables group and the parameters stored in it, in order; {@code alias} is the path another writer
     * uses for the same group (tf-keras 2.18 names MultiHeadAttention's sub-layers {@code _query_dense}), or null.
     */
    record VarGroup(String path, Layer layer, List<Parameter> params, String alias) {
        VarGroup(String path, Layer layer, List<Parameter> params) {
            this(path, layer, params, null);
        }
    }

    /**
     * The variable groups of every model layer, in model order: {@code layers/lstm/cell/vars}; a
     * Bidirectional's {@code layers/bidirectional/forward_layer/cell/vars} then
     * {@code .../backward_layer/cell/vars}; a TimeDistributed's {@code layers/time_distributed/layer/vars}; a
     * MultiHeadAttention's {@code layers/multi_head_attention/query_dense/vars}, then key, value and output.
     * Group names number each class in model order; a functional model's InputLayers have their own
     * {@code input_layer} groups (no variables), which do not affect the others' numbers.
     */
    static List<VarGroup> varGroups(Network model, NestedModels nesting) throws IOException {
        // Names are numbered per class within each model's own scope: "" for the model, and one scope per
        // nested model (layers/sequential/layers/gru_1/...), whose own group is numbered in its parent's.
        Map<String, Map<String, Integer>> used = new HashMap<>();
        Map<String, String> nestedGroups = new HashMap<>();
        List<VarGroup> out = new ArrayList<>();
        for (Layer layer : KerasLayerOrder.of(model)) {
            String cls = KerasLayers.className(layer.config());
            if (cls == null) {
                throw new ModelFormatException("model '" + model.name() + "'", "", "layer '" + layer.name()
                        + "' (" + layer.typeName() + ") has no Keras 3 form");
            }
            String scope = "";
            for (NestedModels.Scope s : nesting.chain(layer.name())) {
                String parent = scope;
                scope = nestedGroups.computeIfAbsent(parent + "/" + s.name(),
                        k -> numbered(used, parent, toSnakeCase(s.className())) + "/");
            }
            String group = numbered(used, scope, toSnakeCase(cls));
            List<Parameter> params = layer.parameters();
            LayerConfig<?> cfg = layer.config();
            if (layer instanceof Bidirectional bl && bl.forwardLayer() instanceof Rnn f && bl.backwardLayer() instanceof Rnn r) {
                // Keras 3 keeps each half's RNN cells as it keeps a plain RNN's, below forward_layer/backward_layer.
                rnnCells(out, group + "/forward_layer", layer, f);
                rnnCells(out, group + "/backward_layer", layer, r);
            } else if (cfg instanceof BidirectionalConfig b) {
                String cell = b.layer() instanceof RecurrentLayerConfig ? "/cell" : "";
                int half = params.size() / 2;
                out.add(new VarGroup(group + "/forward_layer" + cell + "/vars", layer, params.subList(0, half)));
                out.add(new VarGroup(group + "/backward_layer" + cell + "/vars", layer,
                        params.subList(half, params.size())));
            } else if (cfg instanceof RnnConfig && layer instanceof Rnn rnn) {
                rnnCells(out, group, layer, rnn);
            } else if (cfg instanceof TimeDistributedConfig t) {
                String cell = t.layer() instanceof RecurrentLayerConfig ? "/cell" : "";
                out.add(new VarGroup(group + "/layer" + cell + "/vars", layer, params));
            } else if (cfg instanceof MultiHeadAttentionConfig m) {
                // four EinsumDense sub-layers, each kernel (and bias)
                int per = m.useBias() ? 2 : 1;
                List<String> subs = List.of("query_dense", "key_dense", "value_dense", "output_dense");
                for (int s = 0; s < subs.size(); s++) {
                    out.add(new VarGroup(group + "/" + subs.get(s) + "/vars", layer,
                            params.subList(s * per, (s + 1) * per), group + "/_" + subs.get(s) + "/vars"));
                }
            } else {
                // Keras 3's LSTM, GRU, SimpleRNN and ConvLSTM2D keep their variables in their cell.
                boolean cell = cfg instanceof RecurrentLayerConfig || cfg instanceof ConvLstm2DConfig;
                out.add(new VarGroup(group + (cell ? "/cell/vars" : "/vars"), layer,
                        params));
            }
        }
        return out;
    }

    /**
     * An RNN's variable groups below {@code group}: {@code cell/vars} for one cell; a StackedRNNCells'
     * cells as a list, {@code cell/cells/lstm_cell}, {@code .../lstm_cell_1}, numbered per cell class.
     */
    private static void rnnCells(List<VarGroup> out, String group, Layer owner, Rnn rnn) {
        Map<String, Integer> cells = new HashMap<>();
        for (RecurrentLayer cell : rnn.cellLayers()) {
            String cs = toSnakeCase(KerasLayers.className(cell.config())) + "_cell";
            int c = cells.merge(cs, 1, Integer::sum) - 1;
            String at = rnn.config().stacked() ? "/cell/cells/" + (c == 0 ? cs : cs + "_" + c) : "/cell";
            out.add(new VarGroup(group + at + "/vars", owner, cell.parameters()));
        }
    }

    /** {@code <scope>layers/<snake>} or {@code <scope>layers/<snake>_<n>}, numbering {@code snake} within {@code scope}. */
    private static String numbered(Map<String, Map<String, Integer>> used, String scope, String snake) {
        int n = used.computeIfAbsent(scope, k -> new HashMap<>()).merge(snake, 1, Integer::sum) - 1;
        return scope + "layers/" + (n == 0 ? snake : snake + "_" + n);
    }

    /**
     * Keras {@code naming.to_snake_case}: {@code LSTM -> lstm}, {@code InputLayer -> input_layer}.
     *
     * @param name a class or layer name
     * @return the name with non-word characters removed, words joined by {@code _}, lower case
     */
    public static String toSnakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the weights below {@code root} into {@code model}; nothing is assigned unless every
     * parameter has a variable of its shape and every variable a parameter.
     *
     * @param in    the open h5 file
     * @param root  the group holding the {@code layers/...} weight groups
     * @param model the built model whose parameters receive the weights
     * @throws IOException if a variable group is missing, a layer's variable count or a shape differs
     *                     ({@link ModelFormatException}), or a dataset cannot be read
     */
    public static void read(H5Input in, Group root, Network model) throws IOException {
        read(in, root, model, NestedModels.none());
    }

    /**
     * As {@link #read(H5Input, Group, Network)} for a model flattened from nested Sequential models,
     * whose weights Keras keeps in the nested models' own groups.
     *
     * @param in      the open h5 file
     * @param root    the group holding the {@code layers/...} weight groups
     * @param model   the built model whose parameters receive the weights
     * @param nesting the nested models of the model's config
     * @throws IOException as {@link #read(H5Input, Group, Network)}
     */
    public static void read(H5Input in, Group root, Network model, NestedModels nesting) throws IOException {
        List<VarGroup> groups = varGroups(model, nesting);
        List<Tensor[]> planned = new ArrayList<>();
        for (VarGroup vg : groups) {
            List<Parameter> params = vg.params();
            String path = vg.path();
            Layer layer = vg.layer();
            Node node = in.nodeOrNull(root, path);
            if (node == null && vg.alias() != null) {
                node = in.nodeOrNull(root, vg.alias());
                path = node != null ? vg.alias() : path;
            }
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
        for (int i = 0; i < groups.size(); i++) {
            List<Parameter> params = groups.get(i).params();
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
     *
     * @param root  the group to write the {@code layers/...} weight groups below
     * @param model the model whose parameter values are written
     * @throws IOException if a dataset cannot be written
     */
    public static void write(WritableGroup root, Network model) throws IOException {
        for (VarGroup vg : varGroups(model, NestedModels.none())) {
            List<Parameter> params = vg.params();
            if (params.isEmpty()) {
                continue;
            }
            WritableGroup vars = group(root, vg.path());
            for (int k = 0; k < params.size(); k++) {
                H5Output.putParameter(vars, Integer.toString(k), params.get(k));
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
