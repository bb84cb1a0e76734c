package dev.engram.io.keras.topology;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.MaskingConfig;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.MergeMaskRule;
import dev.engram.layers.MergeMode;
import dev.engram.models.SymbolicTensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keras 3 saves the time-step mask reaching a layer of a functional model as operations in the graph, passed to
 * the consumer as its {@code mask} argument: {@code NotEqual} of an Embedding's ids and 0, {@code Any} over the
 * last axis of {@code NotEqual} of a Masking layer's input and its mask value (what {@code Masking.compute_mask}
 * traces), and {@code LogicalOr}/{@code LogicalAnd} of such masks after a merge. Engram propagates masks itself, so these operations are read as expressions and checked
 * against the mask Engram propagates to the same call: equal, the model loads without them; different, the file
 * is refused naming the layer and both masks (never a silently different mask). Keras 3's Multiply, Maximum and
 * Minimum also mask their values; the merges read from Keras 3 files do so too ({@code MergeMaskRule.KERAS3}).
 */
final class Keras3MaskOps {
    /** Operation classes that compute masks (module {@code keras.src.ops.*}). */
    static final Set<String> CLASSES = Set.of("NotEqual", "Any", "LogicalOr", "LogicalAnd");
    /** Longest mask expression read; a real model's is a few dozen characters. */
    private static final int MAX_EXPRESSION = 10_000;

    private final Map<String, ConfigNode> ops = new java.util.HashMap<>();
    private final Map<String, String> expressions = new java.util.HashMap<>();
    /** Engram's mask of each tensor, as an expression over its sources; absent: no mask. */
    private final Map<SymbolicTensor, String> implicit = new IdentityHashMap<>();

    /** Whether {@code entry} is a mask operation (kept aside, not a layer). */
    static boolean isMaskOp(ConfigNode entry, String className) {
        // Keras 3's legacy .h5 drops the module; a .keras file says keras.src.ops.numpy
        return CLASSES.contains(className) && (entry.get("module").isNullOrMissing()
                || entry.get("module").json().asText("").startsWith("keras.src.ops"));
    }

    void add(String name, ConfigNode entry) {
        ops.put(name, entry);
    }

    boolean isOp(String name) {
        return ops.containsKey(name);
    }

    /**
     * Records Engram's mask at the outputs of one applied call.
     *
     * @param layer the layer applied
     * @param inputs its input tensors
     * @param inputKeys the file's name of each input ({@code layer#node:tensor})
     * @param outputs its output tensors
     */
    void applied(Layer layer, List<SymbolicTensor> inputs, List<String> inputKeys, List<SymbolicTensor> outputs,
            ConfigNode at) throws ModelFormatException {
        if (outputs.isEmpty()) {
            return;
        }
        String out = null;
        if (MaskSemantics.producesMask(layer.config())) {
            // Masking's mask is any(x != mask_value) over the features; an Embedding's is ids != 0
            out = layer.config() instanceof MaskingConfig m ? "any(" + notEqual(inputKeys.get(0), m.maskValue()) + ")"
                    : notEqual(inputKeys.get(0), 0);
        } else {
            List<String> in = inputs.stream().map(implicit::get).toList();
            List<Boolean> masked = in.stream().map(e -> e != null).toList();
            if (masked.contains(true) && MaskSemantics.passesOn(layer, inputs, masked)) {
                out = layer.config() instanceof MergeConfig mc && mc.mode() != MergeMode.CONCATENATE
                        ? combine(mc.maskRule() == MergeMaskRule.KERAS3 ? "or" : "and",
                                in.stream().filter(e -> e != null).toList())
                        : layer.config() instanceof MergeConfig ? "concat" + in : in.get(0);
            }
        }
        if (out != null) {
            implicit.put(outputs.get(0), out);
        }
    }

    /**
     * Checks a call's {@code mask} argument against the mask Engram gives its first input.
     *
     * @param layer the called layer's name
     * @param input the call's first input tensor
     * @param mask the argument: a reference {@code [layer, node, tensor]}, or null for an explicit {@code None}
     * @param at where the argument is, for messages
     * @throws ModelFormatException when the two masks differ, or the argument is not a mask expression
     */
    void check(String layer, SymbolicTensor input, ConfigNode mask, ConfigNode at) throws ModelFormatException {
        String explicit = mask == null ? null : expression(mask, at, 0);
        String engram = implicit.get(input);
        if (explicit == null ? engram != null : !explicit.equals(engram)) {
            throw new UnsupportedLayerException(at.file(), at.pointer(), layer, "", "layer '" + layer
                    + "' is called with the mask " + (explicit == null ? "None" : explicit) + ", but Engram gives its"
                    + " input the mask " + (engram == null ? "None" : engram) + "; a mask computed otherwise is"
                    + " unsupported");
        }
    }

    /** The mask expression of keras_history {@code ref}: an operation's, by its arguments. */
    private String expression(ConfigNode ref, ConfigNode at, int depth) throws ModelFormatException {
        String name = ref.get(0).asString();
        String known = expressions.get(name);
        if (known != null) {
            return known; // each operation once: a file's shared operands must not make the work exponential
        }
        String e = compute(name, at, depth);
        if (e.length() > MAX_EXPRESSION) {
            throw new UnsupportedLayerException(at.file(), at.pointer(), name, "", "the mask computed by '" + name
                    + "' combines more than " + MAX_EXPRESSION + " characters of operations; unsupported");
        }
        expressions.put(name, e);
        return e;
    }

    private String compute(String name, ConfigNode at, int depth) throws ModelFormatException {
        ConfigNode op = ops.get(name);
        if (op == null || depth > 64) {
            throw new UnsupportedLayerException(at.file(), at.pointer(), name, "", "a mask argument computed by '"
                    + name + "' (not NotEqual/Any/LogicalOr/LogicalAnd of Embedding ids or a Masking input) is"
                    + " unsupported");
        }
        String cls = op.get("class_name").asString();
        List<ConfigNode> nodes = op.get("inbound_nodes").elements();
        if (nodes.size() != 1) {
            throw op.error("mask operation '" + name + "' must have one call, got " + nodes.size());
        }
        List<ConfigNode> args = nodes.get(0).get("args").elements();
        if (cls.equals("NotEqual")) {
            if (args.size() != 2 || !args.get(1).json().isNumber()) {
                throw op.error("mask operation '" + name + "' must compare a tensor with a number (Embedding"
                        + " mask_zero, Masking mask_value)");
            }
            ConfigNode h = history(args.get(0), op);
            return notEqual(h.get(0).asString() + "#" + h.get(1).asInt(0) + ":" + h.get(2).asInt(0),
                    args.get(1).json().asDouble());
        }
        if (cls.equals("Any")) {
            // Masking reduces over the feature axis only, without keepdims; another reduction is another mask
            ConfigNode c = op.get("config");
            ConfigNode axis = c.get("axis");
            ConfigNode shape = args.isEmpty() ? null : args.get(0).get("config").get("shape");
            int rank = shape == null || shape.isNullOrMissing() ? -1 : shape.elements().size();
            int ax = axis.json().isArray() && axis.json().size() == 1 ? axis.get(0).asInt(Integer.MIN_VALUE)
                    : axis.json().isNumber() ? axis.asInt(Integer.MIN_VALUE) : Integer.MIN_VALUE;
            if (args.size() != 1 || c.get("keepdims").asBoolean(false) || !(ax == -1 || rank > 0 && ax == rank - 1)) {
                throw op.error("mask operation '" + name + "' must reduce one tensor over its last axis without"
                        + " keepdims (Masking's mask), got axis " + axis.describe());
            }
            return "any(" + expression(history(args.get(0), op), at, depth + 1) + ")";
        }
        List<String> parts = new ArrayList<>();
        for (ConfigNode a : args) {
            parts.add(expression(history(a, op), at, depth + 1));
        }
        return combine(cls.equals("LogicalOr") ? "or" : "and", parts);
    }

    private static ConfigNode history(ConfigNode tensor, ConfigNode op) throws ModelFormatException {
        if (!"__keras_tensor__".equals(tensor.json().path("class_name").asText())) {
            throw op.error("mask operation argument " + tensor.describe() + " is not a tensor");
        }
        return tensor.get("config").get("keras_history");
    }

    /** The expression of {@code tensor != value}; comparisons with 0 keep the short form Embedding masks use. */
    private static String notEqual(String tensor, double value) {
        float v = (float) value;
        return v == 0 ? "ne(" + tensor + ")" : "ne(" + tensor + "," + v + ")";
    }

    /** {@code op} over the distinct parts (sorted; one part is itself), flattening nested same ops. */
    private static String combine(String op, List<String> parts) {
        TreeSet<String> set = new TreeSet<>();
        for (String p : parts) {
            if (p.startsWith(op + "(") && p.endsWith(")")) {
                set.addAll(topLevel(p.substring(op.length() + 1, p.length() - 1)));
            } else {
                set.add(p);
            }
        }
        return set.size() == 1 ? set.first() : op + "(" + String.join(",", set) + ")";
    }

    /** The comma-separated parts of {@code inner} at parenthesis depth 0. */
    private static List<String> topLevel(String inner) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        out.add(inner.substring(start));
        return out;
    }
}
