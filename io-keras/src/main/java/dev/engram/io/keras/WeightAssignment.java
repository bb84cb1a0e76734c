package dev.engram.io.keras;

import dev.engram.layers.Layer;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.Parameter;
import dev.engram.models.Sequential;
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
 * {@code :0} suffix): {@code kernel}, {@code recurrent_kernel}, {@code bias}; Keras 1 names
 * {@code <layer>_W}, {@code <layer>_b} (Dense) and the twelve LSTM arrays {@code <layer>_W_i},
 * {@code _U_i}, {@code _b_i} ... for gates i, c, f, o, which are fused into the engine's i, f, c, o
 * column blocks. File layers without weights that the model lacks (InputLayer, a folded Activation)
 * are ignored.
 */
public final class WeightAssignment {
    /** Engine LSTM gate block order (Keras/TF.js): i, f, c, o. */
    private static final List<String> GATE_ORDER = List.of("i", "f", "c", "o");

    private WeightAssignment() {
    }

    /**
     * Assigns {@code weights} to {@code m}'s parameters.
     *
     * @param file file name for messages; locations are {@code layer '<name>'}
     * @throws ModelFormatException on any unmatched weight or parameter, a duplicate, or a shape mismatch
     */
    public static void assign(Sequential m, List<LayerWeights> weights, String file) throws ModelFormatException {
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
                        + " which expects " + describeParams(params) + "; layers with weights in the file: "
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
        List<NamedTensor> byRole = layer.config() instanceof LstmConfig lc && isKeras1Lstm(tensors)
                ? fuseKeras1Lstm(layer, lc, tensors, file) : tensors;
        Tensor[] out = new Tensor[params.size()];
        boolean ok = byRole.size() == params.size();
        for (NamedTensor t : byRole) {
            String role = engineRole(lastSegment(t.name()), layer.name());
            int idx = indexOf(params, role);
            if (idx < 0 || out[idx] != null || !params.get(idx).shape().equals(t.value().shape())) {
                ok = false;
                break;
            }
            out[idx] = t.value();
        }
        if (!ok) {
            throw new ModelFormatException(file, "layer '" + layer.name() + "'", "file has " + describe(tensors)
                    + " but the layer expects " + describeParams(params));
        }
        return out;
    }

    private static int indexOf(List<Parameter> params, String role) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(role)) {
                return i;
            }
        }
        return -1;
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

    /** The engine parameter name for a file weight's last segment. */
    private static String engineRole(String segment, String layerName) {
        switch (segment) {
            case "kernel":
                return "kernel";
            case "recurrent_kernel":
                return "recurrentKernel";
            case "bias":
                return "bias";
            default:
                // Keras 1 Dense: <layer>_W, <layer>_b.
                if (segment.equals(layerName + "_W")) {
                    return "kernel";
                }
                if (segment.equals(layerName + "_b")) {
                    return "bias";
                }
                return segment;
        }
    }

    private static boolean isKeras1Lstm(List<NamedTensor> tensors) {
        return tensors.size() == 12 && tensors.stream().allMatch(t -> lastSegment(t.name()).matches(".*_[WUb]_[icfo]"));
    }

    /** Keras 1 stores W_x [in,u], U_x [u,u], b_x [u] per gate; the engine's blocks are i, f, c, o. */
    private static List<NamedTensor> fuseKeras1Lstm(Layer layer, LstmConfig lc, List<NamedTensor> tensors, String file)
            throws ModelFormatException {
        Map<String, Tensor> parts = new HashMap<>();
        for (NamedTensor t : tensors) {
            String seg = lastSegment(t.name());
            parts.put(seg.substring(seg.length() - 3), t.value()); // "W_i"
        }
        int u = lc.units();
        List<NamedTensor> fused = new ArrayList<>();
        for (String kind : List.of("W", "U", "b")) {
            Tensor[] blocks = new Tensor[4];
            for (int g = 0; g < 4; g++) {
                Tensor p = parts.get(kind + "_" + GATE_ORDER.get(g));
                int expectedRank = kind.equals("b") ? 1 : 2;
                if (p == null || p.rank() != expectedRank || p.shape().dim(-1) != u) {
                    throw new ModelFormatException(file, "layer '" + layer.name() + "'", "Keras 1 LSTM weights "
                            + describe(tensors) + " do not form 4 gates of " + u + " units");
                }
                blocks[g] = p;
            }
            String role = kind.equals("W") ? "kernel" : kind.equals("U") ? "recurrent_kernel" : "bias";
            fused.add(new NamedTensor(layer.name() + "/" + role, concatColumns(blocks)));
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
            j.add(lastSegment(t.name()) + " " + compact(t.value().shape()));
        }
        return j.toString();
    }

    private static String describeParams(List<Parameter> params) {
        StringJoiner j = new StringJoiner(", ", params.size() + " [", "]");
        for (Parameter p : params) {
            j.add(p.name() + " " + compact(p.shape()));
        }
        return j.toString();
    }

    /** {@code [3,64]}: shapes in weight messages, without spaces. */
    static String compact(Shape s) {
        return s.toString().replace(" ", "");
    }
}
