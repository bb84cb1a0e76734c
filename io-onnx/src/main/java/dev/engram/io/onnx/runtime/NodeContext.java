package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.OnnxExecutionException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A node with its attributes indexed by name, the opset it binds to, and error helpers. */
public final class NodeContext {
    private final NodeProto node;
    private final int opset;
    private final String where;
    private final Map<String, AttributeProto> attrs = new HashMap<>();
    private final Map<String, Value> tensorAttrs;
    private final AtomicReference<Object> prepared = new AtomicReference<>();
    private boolean[] usedOutputs;

    /**
     * @param node        the node
     * @param opset       the default-domain opset version the model imports
     * @param where       the file name for messages
     * @param tensorAttrs decoded tensor-valued attributes by name (decoded and checked at load)
     */
    public NodeContext(NodeProto node, int opset, String where, Map<String, Value> tensorAttrs) {
        this.node = node;
        this.opset = opset;
        this.where = where;
        for (AttributeProto a : node.getAttributeList()) {
            attrs.put(a.getName(), a);
        }
        this.tensorAttrs = tensorAttrs;
    }

    /** The node. */
    public NodeProto node() {
        return node;
    }

    /** The opset version of the default domain. */
    public int opset() {
        return opset;
    }

    /** The op type. */
    public String opType() {
        return node.getOpType();
    }

    /** True when the attribute is present. */
    public boolean has(String name) {
        return attrs.containsKey(name);
    }

    /** An int attribute or the default. */
    public long attrInt(String name, long def) {
        AttributeProto a = attrs.get(name);
        return a == null ? def : a.getI();
    }

    /** A float attribute or the default. */
    public float attrFloat(String name, float def) {
        AttributeProto a = attrs.get(name);
        return a == null ? def : a.getF();
    }

    /** A string attribute or the default. */
    public String attrString(String name, String def) {
        AttributeProto a = attrs.get(name);
        return a == null ? def : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** An ints attribute or null. */
    public long[] attrInts(String name) {
        AttributeProto a = attrs.get(name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A floats attribute or null. */
    public float[] attrFloats(String name) {
        AttributeProto a = attrs.get(name);
        if (a == null) {
            return null;
        }
        float[] r = new float[a.getFloatsCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.getFloats(i);
        }
        return r;
    }

    /** A strings attribute or null. */
    public List<String> attrStrings(String name) {
        AttributeProto a = attrs.get(name);
        return a == null ? null : a.getStringsList().stream().map(b -> b.toString(StandardCharsets.UTF_8)).toList();
    }

    /** A tensor attribute (decoded at load) or null. */
    public Value attrTensor(String name) {
        return tensorAttrs.get(name);
    }

    /**
     * An output array of exactly {@code n} floats with unspecified contents, which the op must
     * overwrite entirely: reused from an earlier run of the graph on this thread when one is free
     * ({@link RunBuffers}).
     */
    public float[] floats(int n) {
        return RunBuffers.take(n);
    }

    /** The required input {@code i}. */
    public Value input(List<Value> inputs, int i) {
        if (i >= inputs.size() || inputs.get(i) == null) {
            throw fail("input " + i + " is required but missing");
        }
        return inputs.get(i);
    }

    /** The optional input {@code i}, or null. */
    public static Value optional(List<Value> inputs, int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    /**
     * What an op derives from this node once and reuses on every run (for a recurrent node: the
     * engine layers built from its constant weights). The op that fills it owns its type; runs may
     * race to fill it, so what is stored must be complete and immutable (or itself thread-safe).
     */
    public AtomicReference<Object> prepared() {
        return prepared;
    }

    /**
     * Whether output {@code k} is read by a later node or is a graph output. True unless the
     * executor marked the node's outputs (then an op may skip computing an unread optional output).
     */
    public boolean outputUsed(int k) {
        boolean[] u = usedOutputs;
        return u == null || k < u.length && u[k];
    }

    /** Records which outputs are read; called once by the executor before the node first runs. */
    void markUsedOutputs(boolean[] used) {
        this.usedOutputs = used.clone();
    }

    /** The same node with input {@code i} left out (an empty name), e.g. to read it without that input. */
    NodeContext withoutInput(int i) {
        if (i >= node.getInputCount()) {
            return this;
        }
        return new NodeContext(node.toBuilder().setInput(i, "").build(), opset, where, tensorAttrs);
    }

    /** A short description: {@code node 'name' (LSTM)}. */
    public String describe() {
        return where + ": node '" + node.getName() + "' (" + node.getOpType() + ")";
    }

    /** An execution error naming this node. */
    public OnnxExecutionException fail(String message) {
        return new OnnxExecutionException(describe() + ": " + message);
    }
}
