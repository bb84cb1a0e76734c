package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.runtime.OpRegistry;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.UnsupportedOnnxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The imported graph as {@link SequentialConverter} and {@link NetworkConverter} read it: which node produces and which nodes
 * read each value, constant values (initializers and Constant outputs), values that are provably
 * zero, and the refusal that names the file.
 */
final class ConversionGraph {
    /** Node types read as recurrent layers. */
    static final List<String> RECURRENT_OPS = List.of("LSTM", "GRU", "RNN");

    private final GraphExecutor graph;
    private final String file;
    private final String target;
    private final Map<String, NodeContext> producer = new HashMap<>();
    private final Map<String, List<NodeContext>> consumers = new HashMap<>();

    ConversionGraph(GraphExecutor graph, String file, String target) {
        this.graph = graph;
        this.file = file;
        this.target = target;
        for (NodeContext n : graph.nodes()) {
            for (String o : n.node().getOutputList()) {
                producer.put(o, n);
            }
            for (String i : n.node().getInputList()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
    }

    /** The exception refusing the conversion, with the file and the reason. */
    UnsupportedOnnxException refuse(String why) {
        return new UnsupportedOnnxException(file + ": cannot convert to " + target + ": " + why);
    }

    /**
     * A per-axis attribute of a 2-D node ({@code strides}, {@code dilations}, {@code kernel_shape}): 1s when
     * absent, else exactly two values from 1 to an int's range (a file's 2^40 must not wrap to 0).
     */
    int[] axisPair(NodeContext n, String name) throws UnsupportedOnnxException {
        long[] v = n.attrInts(name);
        if (v == null) {
            return new int[] {1, 1};
        }
        if (v.length != 2 || v[0] < 1 || v[1] < 1 || v[0] > Integer.MAX_VALUE || v[1] > Integer.MAX_VALUE) {
            throw refuse(n.describe() + ": " + name + " " + java.util.Arrays.toString(v)
                    + " must be two positive values");
        }
        return new int[] {(int) v[0], (int) v[1]};
    }

    /** The node that outputs {@code value}, or null for graph inputs and initializers. */
    NodeContext producer(String value) {
        return producer.get(value);
    }

    /** Every node that reads {@code value}, shape-only readers included. */
    List<NodeContext> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** The nodes that read {@code value}'s data (not only its shape). */
    List<NodeContext> dataConsumers(String value) {
        return consumers(value).stream().filter(n -> !n.opType().equals("Shape")).toList();
    }

    boolean hasDataConsumer(String value) {
        return !dataConsumers(value).isEmpty();
    }

    boolean isOutput(String value) {
        return graph.outputNames().contains(value);
    }

    /** True when output {@code i} of a node exists and some node or the graph output reads it. */
    boolean used(List<String> outs, int i) {
        return i < outs.size() && !outs.get(i).isEmpty()
                && (consumers.containsKey(outs.get(i)) || isOutput(outs.get(i)));
    }

    /** The value of an initializer or Constant node output, or null. */
    Value constValue(String name) {
        Value v = graph.initializers().get(name);
        if (v != null) {
            return v;
        }
        NodeContext p = producer.get(name);
        if (p != null && p.opType().equals("Constant")) {
            try {
                return OpRegistry.get("Constant").apply(p, List.of()).get(0);
            } catch (dev.engram.io.onnx.OnnxExecutionException e) {
                return null; // a malformed Constant is no constant here; predict names its defect
            }
        }
        return null;
    }

    /** The integers of constant input {@code name} of node {@code n}, refusing when it is not constant. */
    long[] longs(String name, NodeContext n) throws UnsupportedOnnxException {
        Value v = constValue(name);
        if (v == null) {
            throw refuse(n.describe() + ": '" + name + "' must be a constant");
        }
        return v.longs();
    }

    /** True when {@code name} is all zeros whatever the input (zero constants through shape-only ops). */
    boolean isZero(String name) {
        Value c = constValue(name);
        if (c != null) {
            for (float f : c.floats()) {
                if (f != 0f) {
                    return false;
                }
            }
            return true;
        }
        NodeContext p = producer.get(name);
        if (p == null) {
            return false;
        }
        return switch (p.opType()) {
            case "ConstantOfShape" -> p.attrTensor("value") == null || p.attrTensor("value").floats()[0] == 0f;
            case "Expand", "Slice", "Squeeze", "Unsqueeze", "Reshape", "Identity", "Gather", "Transpose", "Cast",
                    "Flatten" -> isZero(p.node().getInput(0));
            case "Concat" -> p.node().getInputList().stream().allMatch(this::isZero);
            default -> false;
        };
    }

    /** The node that scales {@code sum} by 1/count (Mul by the constant or Div by count), or null. */
    NodeContext averageScale(String sum, int count) {
        List<NodeContext> cs = dataConsumers(sum);
        return cs.size() != 1 || isOutput(sum) || !scales(cs.get(0), sum, count) ? null : cs.get(0);
    }

    /**
     * The readers of {@code sum} that scale it by 1/count, when others read the sum itself too: tf2onnx computes Keras's
     * Add and Average of the same values from one Add node.
     */
    List<NodeContext> averageScales(String sum, int count) {
        return dataConsumers(sum).stream().filter(s -> scales(s, sum, count)).toList();
    }

    private boolean scales(NodeContext s, String sum, int count) {
        List<String> in = s.node().getInputList();
        if (in.size() != 2 || !s.opType().equals("Mul") && !(s.opType().equals("Div") && in.get(0).equals(sum))) {
            return false;
        }
        Value c = constValue(in.get(0).equals(sum) ? in.get(1) : in.get(0));
        if (c == null || c.size() != 1) {
            return false;
        }
        double f = s.opType().equals("Mul") ? c.floats()[0] : 1.0 / c.floats()[0];
        return Math.abs(f * count - 1) <= 1e-6;
    }
}
