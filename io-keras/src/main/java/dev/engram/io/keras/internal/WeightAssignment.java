package dev.engram.io.keras.internal;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.GruConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Puts a file's weights into a built engine model, strictly on both sides: every file weight must
 * have a target parameter and every parameter a file weight, with equal shapes; errors name both
 * sides, e.g. {@code layer 'lstm_1': file has 2 weights [kernel [3,16], bias [16]] but the layer
 * expects 3 [kernel [3,64], recurrentKernel [16,64], bias [64]]}.
 *
 * <p>Weights are matched to parameters by the last segment of their file name (after removing a
 * {@code :0} suffix), in snake_case: {@code kernel}, {@code recurrent_kernel}, {@code bias},
 * {@code embeddings}, {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance};
 * inside a Bidirectional, a path segment {@code forward_*} or {@code backward_*} picks the
 * sub-layer ({@code bidirectional/forward_lstm/lstm_cell/kernel:0}, TF.js
 * {@code bidirectional_1/backward_lstm_1/bias}). Keras 1 names: {@code <layer>_W}, {@code _U},
 * {@code _b} (Dense, SimpleRNN, Embedding) and the per-gate arrays {@code <layer>_W_i}, {@code _U_i},
 * {@code _b_i} ... (LSTM gates i, c, f, o; GRU gates z, r, h), fused into the engine's column blocks
 * (LSTM i, f, c, o; GRU z, r, h), with a {@code forward_}/{@code backward_} prefix in a
 * Bidirectional. A MultiHeadAttention's {@code query/kernel}, ..., {@code attention_output/bias} are its
 * {@code queryKernel}, ..., {@code outputBias}. File layers without weights that the model lacks (InputLayer)
 * are ignored.
 */
public final class WeightAssignment {
    /** Engine LSTM gate block order (Keras/TF.js): i, f, c, o. */
    private static final List<String> LSTM_GATES = List.of("i", "f", "c", "o");
    /** Engine GRU gate block order (Keras/TF.js): z, r, h. */
    private static final List<String> GRU_GATES = List.of("z", "r", "h");

    private WeightAssignment() {
    }

    /**
     * Assigns {@code weights} to {@code m}'s parameters.
     *
     * @param file file name for messages; locations are {@code layer '<name>'}
     * @param m a built model whose parameters receive the weights
     * @param weights the file's weights, grouped by layer name
     * @throws ModelFormatException on any unmatched weight or parameter, a duplicate, or a shape mismatch
     */
    public static void assign(Network m, List<LayerWeights> weights, String file) throws ModelFormatException {
        Map<String, LayerWeights> byLayer = new LinkedHashMap<>();
        for (LayerWeights lw : weights) {
            if (byLayer.put(lw.layerName(), lw) != null) {
                throw new ModelFormatException(file, "layer '" + lw.layerName() + "'", "the file lists weights for this layer twice");
            }
        }
        Map<String, Tensor[]> planned = new HashMap<>();
        for (Layer layer : m.layers()) {
            LayerWeights lw = byLayer.remove(layer.name());
            List<Parameter> params = layer.parameters();
            if (!layer.isBuilt()) {
                throw new ModelFormatException(file, "layer '" + layer.name() + "'",
                        "the model has no input shape, so its weights do not exist yet; the file's topology must declare one");
            }
            List<NamedTensor> tensors = lw == null ? List.of() : lw.tensors();
            if (tensors.isEmpty() && params.isEmpty()) {
                continue;
            }
            if (lw == null) {
                throw new ModelFormatException(file, "layer '" + layer.name() + "'", "the file has no weights for this layer,"
                        + " which expects " + describeParams(layer, params) + "; layers with weights in the file: "
                        + weights.stream().filter(w -> !w.tensors().isEmpty()).map(LayerWeights::layerName).toList());
            }
            planned.put(layer.name(), match(layer, tensors, file));
        }
        for (LayerWeights extra : byLayer.values()) {
            if (!extra.tensors().isEmpty()) {
                throw new ModelFormatException(file, "layer '" + extra.layerName() + "'", "the file has "
                        + describe(extra.tensors()) + " for this layer, but the model has no layer of that name; model layers: "
                        + m.layers().stream().map(Layer::name).toList());
            }
        }
        // Assign only after everything matched, so a failure leaves the model untouched.
        for (Layer layer : m.layers()) {
            Tensor[] values = planned.get(layer.name());
            if (values != null) {
                for (int i = 0; i < values.length; i++) {
                    layer.parameters().get(i).assign(values[i]);
                }
            }
        }
    }

    private static Tensor[] match(Layer layer, List<NamedTensor> tensors, String file) throws ModelFormatException {
        List<Parameter> params = layer.parameters();
        List<NamedTensor> byRole = isKeras1(tensors) ? fuseKeras1(layer, tensors, file) : tensors;
        Tensor[] out = new Tensor[params.size()];
        boolean ok = byRole.size() == params.size();
        for (NamedTensor t : byRole) {
            if (!ok) {
                break;
            }
            String role = direction(t.name()) + engineRole(lastSegment(t.name()), layer);
            if (layer.config() instanceof dev.engram.layers.MultiHeadAttentionConfig) {
                role = attentionRole(t.name(), role);
            }
            // A custom layer names its parameters as the peer does ("my_scale"), not in camelCase.
            String raw = direction(t.name()) + lastSegment(t.name());
            // Several parameters share a key in an RNN over stacked cells: the file lists them cell by cell,
            // as the layer does, so each goes to the first parameter of its key not yet taken.
            int idx = -1;
            for (int i = 0; i < params.size() && idx < 0; i++) {
                if ((key(params.get(i)).equals(role) || key(params.get(i)).equals(raw)) && out[i] == null) {
                    idx = i;
                }
            }
            if (idx < 0 || !params.get(idx).shape().equals(t.value().shape())) {
                ok = false;
                break;
            }
            out[idx] = t.value();
        }
        if (!ok) {
            throw new ModelFormatException(file, "layer '" + layer.name() + "'", "file has " + describe(tensors)
                    + " but the layer expects " + describeParams(layer, params));
        }
        return out;
    }

    /** {@code forward/kernel} for a Bidirectional half's parameter (its typed direction), else the parameter name. */
    private static String key(Parameter p) {
        return switch (p.direction()) {
            case FORWARD -> "forward/";
            case BACKWARD -> "backward/";
            case NONE -> "";
        } + p.name();
    }

    /** {@code forward/} or {@code backward/} when a segment of the file name selects a Bidirectional half. */
    private static String direction(String name) {
        for (String seg : name.split("/")) {
            if (seg.startsWith("forward_")) {
                return "forward/";
            }
            if (seg.startsWith("backward_")) {
                return "backward/";
            }
        }
        return "";
    }

    /**
     * A MultiHeadAttention weight's engine name: Keras names its four EinsumDense sub-layers' weights
     * {@code mha/query/kernel:0} ... {@code mha/attention_output/bias:0}, which become {@code queryKernel} ...
     * {@code outputBias}; any other name keeps {@code role}.
     */
    private static String attentionRole(String name, String role) {
        String[] parts = name.replaceFirst(":\\d+$", "").split("/");
        if (parts.length < 2) {
            return role;
        }
        String sub = switch (parts[parts.length - 2]) {
            case "query", "key", "value" -> parts[parts.length - 2];
            case "attention_output" -> "output";
            default -> null;
        };
        return sub == null ? role : sub + Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }

    /** The name's last path segment without a {@code :N} suffix. */
    static String lastSegment(String name) {
        String s = name;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            s = s.substring(0, colon);
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** The engine parameter name for a file weight's last segment (snake_case to camelCase; Keras 1 suffixes). */
    private static String engineRole(String segment, Layer layer) {
        String seg = segment.replaceFirst("^(forward|backward)_", "");
        if (seg.matches(".+_[WUb]")) {
            return keras1Role(segment, layer);
        }
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : seg.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        // Keras parity: Keras 3 names DepthwiseConv1D/2D's weight "kernel" (tf-keras and TF.js "depthwise_kernel").
        if (sb.toString().equals("kernel") && (layer.config() instanceof dev.engram.layers.DepthwiseConv2DConfig
                || layer.config() instanceof dev.engram.layers.DepthwiseConv1DConfig)) {
            return "depthwiseKernel";
        }
        return sb.toString();
    }

    /** Keras 1 {@code <layer>_W}/{@code _U}/{@code _b}: kernel (embeddings for Embedding), recurrent kernel, bias. */
    private static String keras1Role(String segment, Layer layer) {
        char k = segment.charAt(segment.length() - 1);
        if (k == 'W' && layer.config() instanceof dev.engram.layers.EmbeddingConfig) {
            return "embeddings";
        }
        return k == 'W' ? "kernel" : k == 'U' ? "recurrentKernel" : "bias";
    }

    private static boolean isKeras1(List<NamedTensor> tensors) {
        return !tensors.isEmpty() && tensors.stream().allMatch(t -> lastSegment(t.name()).matches(".*_[WUb]_[icfozrh]"));
    }

    /**
     * Keras 1 stores per gate W_x [in,u], U_x [u,u], b_x [u] (LSTM gates i, c, f, o; GRU z, r, h);
     * the engine fuses them into column blocks (LSTM i, f, c, o; GRU z, r, h). In a Bidirectional
     * each name carries a {@code forward_}/{@code backward_} prefix.
     */
    private static List<NamedTensor> fuseKeras1(Layer layer, List<NamedTensor> tensors, String file)
            throws ModelFormatException {
        LayerConfig<?> cfg = layer.config() instanceof BidirectionalConfig b ? b.layer() : layer.config();
        List<String> gates;
        int u;
        if (cfg instanceof LstmConfig lc) {
            gates = LSTM_GATES;
            u = lc.units();
        } else if (cfg instanceof GruConfig gc) {
            gates = GRU_GATES;
            u = gc.units();
        } else {
            throw new ModelFormatException(file, "layer '" + layer.name() + "'", "Keras 1 per-gate weights "
                    + describe(tensors) + " but the layer is " + layer.typeName());
        }
        List<NamedTensor> fused = new ArrayList<>();
        for (String dir : layer.config() instanceof BidirectionalConfig ? List.of("forward_", "backward_") : List.of("")) {
            Map<String, Tensor> parts = new HashMap<>();
            for (NamedTensor t : tensors) {
                String seg = lastSegment(t.name());
                if (seg.startsWith(dir)) {
                    parts.put(seg.substring(seg.length() - 3), t.value()); // "W_i"
                }
            }
            for (String kind : List.of("W", "U", "b")) {
                Tensor[] blocks = new Tensor[gates.size()];
                for (int g = 0; g < gates.size(); g++) {
                    Tensor p = parts.get(kind + "_" + gates.get(g));
                    int expectedRank = kind.equals("b") ? 1 : 2;
                    if (p == null || p.rank() != expectedRank || p.shape().dim(-1) != u) {
                        throw new ModelFormatException(file, "layer '" + layer.name() + "'", "Keras 1 "
                                + layer.typeName() + " weights " + describe(tensors) + " do not form " + gates.size()
                                + " gates of " + u + " units");
                    }
                    blocks[g] = p;
                }
                String role = kind.equals("W") ? "kernel" : kind.equals("U") ? "recurrent_kernel" : "bias";
                String prefix = dir.isEmpty() ? "" : dir + "/";
                fused.add(new NamedTensor(layer.name() + "/" + prefix + role, concatColumns(blocks)));
            }
        }
        return fused;
    }

    private static Tensor concatColumns(Tensor[] blocks) {
        int cols = blocks[0].shape().dim(-1);
        int rows = blocks[0].size() / cols;
        float[] out = new float[rows * cols * blocks.length];
        for (int b = 0; b < blocks.length; b++) {
            float[] src = blocks[b].buffer();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, r * cols, out, r * cols * blocks.length + b * cols, cols);
            }
        }
        Shape shape = blocks[0].rank() == 1 ? Shape.of(cols * blocks.length) : Shape.of(rows, cols * blocks.length);
        return Tensor.of(shape, out);
    }

    private static String describe(List<NamedTensor> tensors) {
        StringJoiner j = new StringJoiner(", ", tensors.size() + " weight" + (tensors.size() == 1 ? "" : "s") + " [", "]");
        for (NamedTensor t : tensors) {
            j.add(direction(t.name()) + lastSegment(t.name()) + " " + compact(t.value().shape()));
        }
        return j.toString();
    }

    private static String describeParams(Layer layer, List<Parameter> params) {
        StringJoiner j = new StringJoiner(", ", params.size() + " [", "]");
        for (Parameter p : params) {
            j.add(key(p) + " " + compact(p.shape()));
        }
        return j.toString();
    }

    /** {@code [3,64]}: shapes in weight messages, without spaces. */
    static String compact(Shape s) {
        return s.toString().replace(" ", "");
    }
}
