package dev.engram.io.onnx.export;

import dev.engram.io.onnx.codec.TensorCodec;
import com.google.protobuf.ByteString;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Appends nodes and initializers to an ONNX graph under construction, with unique names. */
public final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final int opset;
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, List<Constant>> constants = new HashMap<>();
    private final String prefix;

    /** A builder for a graph that targets the given default-domain opset. */
    public GraphBuilder(String name, int opset) {
        this(name, opset, "");
    }

    /**
     * A builder whose every new name starts with {@code prefix}: a subgraph's (a Scan or Loop body's) names must
     * not shadow its outer graph's.
     *
     * @param name   the graph's name
     * @param opset  the default-domain opset
     * @param prefix prepended to every name this builder makes
     */
    public GraphBuilder(String name, int opset, String prefix) {
        graph.setName(name);
        this.opset = opset;
        this.prefix = prefix;
    }

    /** The target opset. */
    public int opset() {
        return opset;
    }

    /** The graph proto builder (for inputs and outputs). */
    public GraphProto.Builder graph() {
        return graph;
    }

    /** A fresh value name starting with {@code base}. */
    public String fresh(String base) {
        int n = counters.merge(base, 1, Integer::sum);
        return prefix + (n == 1 ? base : base + "_" + (n - 1));
    }

    /**
     * Adds a float initializer and returns its name; an equal initializer (same base name, shape
     * and values) added before is reused, so a shared layer's weights are written once however often
     * the layer is called, and repeated constants (axes, 0.5) once.
     */
    public String floats(String base, int[] shape, float[] data) {
        String key = base + java.util.Arrays.toString(shape) + "f" + java.util.Arrays.hashCode(data);
        for (Constant c : constants.getOrDefault(key, List.of())) {
            if (c.floats() != null && java.util.Arrays.equals(c.floats(), data)) {
                return c.name();
            }
        }
        String name = fresh(base);
        graph.addInitializer(TensorCodec.floats(name, shape, data));
        constants.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(new Constant(name, data.clone(), null));
        return name;
    }

    /** Adds an int64 initializer and returns its name; equal ones are reused as for {@link #floats}. */
    public String longs(String base, int[] shape, long[] data) {
        String key = base + java.util.Arrays.toString(shape) + "l" + java.util.Arrays.hashCode(data);
        for (Constant c : constants.getOrDefault(key, List.of())) {
            if (c.longs() != null && java.util.Arrays.equals(c.longs(), data)) {
                return c.name();
            }
        }
        String name = fresh(base);
        graph.addInitializer(TensorCodec.longs(name, shape, data));
        constants.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(new Constant(name, null, data.clone()));
        return name;
    }

    private record Constant(String name, float[] floats, long[] longs) {
    }

    /** Adds a 1-D int64 initializer. */
    public String longs(String base, long... data) {
        return longs(base, new int[] {data.length}, data);
    }

    /** Adds a float scalar initializer. */
    public String scalar(String base, float v) {
        return floats(base, new int[0], new float[] {v});
    }

    /** Adds a node with one output named after {@code outBase}; returns the output name. */
    public String node(String op, String outBase, List<String> inputs, AttributeProto... attrs) {
        String out = fresh(outBase);
        nodeWithOutputs(op, inputs, List.of(out), attrs);
        return out;
    }

    /** Adds a node with the given outputs. */
    public void nodeWithOutputs(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op + "_node"));
        n.addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** An int attribute. */
    public static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    /** A float attribute. */
    public static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    /** A string attribute. */
    public static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build();
    }

    /** An ints attribute. */
    public static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    /** A floats attribute. */
    public static AttributeProto floatsAttr(String name, List<Float> v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS)
                .addAllFloats(v).build();
    }

    /** A strings attribute. */
    public static AttributeProto strings(String name, List<String> v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String s : v) {
            a.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        }
        return a.build();
    }

    /** Squeeze of one axis, in the attribute form before opset 13 and the input form from 13 on. */
    public String squeeze(String x, long axis) {
        if (opset >= 13) {
            return node("Squeeze", x + "_squeezed", List.of(x, longs("axes", axis)));
        }
        return node("Squeeze", x + "_squeezed", List.of(x), ints("axes", axis));
    }

    /** Unsqueeze of one axis, in the attribute form before opset 13 and the input form from 13 on. */
    public String unsqueeze(String x, long axis) {
        if (opset >= 13) {
            return node("Unsqueeze", x + "_unsqueezed", List.of(x, longs("axes", axis)));
        }
        return node("Unsqueeze", x + "_unsqueezed", List.of(x), ints("axes", axis));
    }

    /** A Transpose with the given permutation. */
    public String transpose(String x, String outBase, long... perm) {
        return node("Transpose", outBase, List.of(x), ints("perm", perm));
    }

    /**
     * ReduceMean, ReduceMax or ReduceSum over {@code axes}: axes as an input from opset 18 (13 for
     * ReduceSum), as an attribute before.
     */
    public String reduce(String op, String x, String outBase, boolean keepDims, long... axes) {
        boolean asInput = op.equals("ReduceSum") ? opset >= 13 : opset >= 18;
        AttributeProto keep = attr("keepdims", keepDims ? 1L : 0L);
        if (asInput) {
            return node(op, outBase, List.of(x, longs("axes", axes)), keep);
        }
        return node(op, outBase, List.of(x), ints("axes", axes), keep);
    }

    /** Gather of one index along {@code axis} (the axis is removed). */
    public String pick(String x, String outBase, long index, long axis) {
        return node("Gather", outBase, List.of(x, longs("index", new int[0], new long[] {index})),
                attr("axis", axis));
    }

    /** A float tensor initializer proto (for Constant-like uses). */
    public static TensorProto tensor(String name, int[] shape, float[] data) {
        return TensorCodec.floats(name, shape, data);
    }
}
