package dev.engram.io.onnx.internal;

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

    /** A builder for a graph that targets the given default-domain opset. */
    public GraphBuilder(String name, int opset) {
        graph.setName(name);
        this.opset = opset;
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
        return n == 1 ? base : base + "_" + (n - 1);
    }

    /** Adds a float initializer and returns its name. */
    public String floats(String base, int[] shape, float[] data) {
        String name = fresh(base);
        graph.addInitializer(TensorCodec.floats(name, shape, data));
        return name;
    }

    /** Adds an int64 initializer and returns its name. */
    public String longs(String base, int[] shape, long[] data) {
        String name = fresh(base);
        graph.addInitializer(TensorCodec.longs(name, shape, data));
        return name;
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

    /** A float tensor initializer proto (for Constant-like uses). */
    public static TensorProto tensor(String name, int[] shape, float[] data) {
        return TensorCodec.floats(name, shape, data);
    }
}
