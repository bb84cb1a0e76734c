package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.OnnxExecutionException;
import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated, topologically ordered ONNX graph ready to run. Immutable after construction; every
 * {@link #run} uses its own value table, so concurrent runs are safe.
 */
public final class GraphExecutor {
    private final String file;
    private final int opset;
    private final Map<String, Value> initializers = new HashMap<>();
    private final Map<String, ValueInfoProto> inputs = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<NodeContext> plan = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();

    /** Validates {@code model} (read from {@code file}) and orders its nodes. */
    public GraphExecutor(ModelProto model, String file) throws OnnxFormatException {
        this.file = file;
        this.opset = defaultOpset(model, file);
        GraphProto g = model.getGraph();
        if (g.getSparseInitializerCount() > 0) {
            throw new UnsupportedOnnxException(file + ": sparse initializers are not supported");
        }
        for (TensorProto t : g.getInitializerList()) {
            if (initializers.put(t.getName(), TensorCodec.decode(t, file + ": initializer '" + t.getName() + "'")) != null) {
                throw new OnnxFormatException(file + ": initializer '" + t.getName() + "' is defined twice");
            }
        }
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                inputs.put(v.getName(), v);
            }
        }
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(v.getName());
        }
        order(g);
        markUsedOutputs();
    }

    /** Tells each node which of its outputs anything reads, so ops can skip unread optional outputs. */
    private void markUsedOutputs() {
        Set<String> read = new HashSet<>(outputs);
        for (NodeContext n : plan) {
            read.addAll(n.node().getInputList());
        }
        for (NodeContext n : plan) {
            boolean[] used = new boolean[n.node().getOutputCount()];
            for (int k = 0; k < used.length; k++) {
                String name = n.node().getOutput(k);
                used[k] = !name.isEmpty() && read.contains(name);
            }
            n.markUsedOutputs(used);
        }
    }

    private static int defaultOpset(ModelProto model, String file) throws OnnxFormatException {
        int found = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                found = (int) Math.min(Integer.MAX_VALUE, o.getVersion());
            }
        }
        if (found < 0) {
            throw new OnnxFormatException(file + ": opset_import has no entry for the default domain (\"\" or "
                    + "\"ai.onnx\"); found " + model.getOpsetImportList().stream()
                            .map(o -> "'" + o.getDomain() + "' v" + o.getVersion()).toList());
        }
        if (found < OpRegistry.MIN_OPSET || found > OpRegistry.MAX_OPSET) {
            throw new UnsupportedOnnxException(file + ": default-domain opset " + found + " is not supported; "
                    + "supported: " + OpRegistry.MIN_OPSET + " to " + OpRegistry.MAX_OPSET);
        }
        return found;
    }

    private void order(GraphProto g) throws OnnxFormatException {
        Set<String> available = new HashSet<>(initializers.keySet());
        available.addAll(inputs.keySet());
        Map<String, String> producer = new HashMap<>();
        List<NodeProto> pending = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            String label = "node " + i + " '" + n.getName() + "' (" + n.getOpType() + ")";
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw new UnsupportedOnnxException(file + ": " + label + " uses domain '" + n.getDomain()
                        + "'; only the default ONNX domain is supported");
            }
            if (OpRegistry.get(n.getOpType()) == null) {
                throw new UnsupportedOnnxException(file + ": " + label + ": operator " + n.getOpType()
                        + " is not supported (model opset " + opset + "); supported operators: " + OpRegistry.supported());
            }
            for (AttributeProto a : n.getAttributeList()) {
                boolean legacyBroadcast = a.getName().equals("axis") && List.of("Add", "Sub", "Mul", "Div", "Pow")
                        .contains(n.getOpType());
                if (a.getName().equals("consumed_inputs") || legacyBroadcast) {
                    throw new UnsupportedOnnxException(file + ": " + label + ": legacy attribute '" + a.getName()
                            + "' (opsets before 7) is not supported; re-export at opset 7 or later");
                }
            }
            for (String o : n.getOutputList()) {
                if (!o.isEmpty() && (producer.put(o, label) != null || available.contains(o))) {
                    throw new OnnxFormatException(file + ": " + label + ": output '" + o
                            + "' is already defined by another node, an input or an initializer");
                }
            }
            pending.add(n);
        }
        while (!pending.isEmpty()) {
            List<NodeProto> rest = new ArrayList<>();
            for (NodeProto n : pending) {
                boolean ready = n.getInputList().stream().allMatch(s -> s.isEmpty() || available.contains(s));
                if (ready) {
                    plan.add(new NodeContext(n, opset, file, tensorAttributes(n)));
                    ops.add(OpRegistry.get(n.getOpType()));
                    for (String o : n.getOutputList()) {
                        available.add(o);
                    }
                } else {
                    rest.add(n);
                }
            }
            if (rest.size() == pending.size()) {
                NodeProto n = rest.get(0);
                for (String s : n.getInputList()) {
                    if (!s.isEmpty() && !available.contains(s) && !producer.containsKey(s)) {
                        throw new OnnxFormatException(file + ": node '" + n.getName() + "' (" + n.getOpType()
                                + ") reads '" + s + "', which is no graph input, initializer or node output");
                    }
                }
                throw new OnnxFormatException(file + ": the graph has a cycle through nodes "
                        + rest.stream().map(x -> "'" + x.getName() + "'").toList());
            }
            pending = rest;
        }
        for (String o : outputs) {
            if (!available.contains(o)) {
                throw new OnnxFormatException(file + ": graph output '" + o + "' is produced by no node");
            }
        }
    }

    private Map<String, Value> tensorAttributes(NodeProto n) throws OnnxFormatException {
        Map<String, Value> m = new HashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasT()) {
                m.put(a.getName(), TensorCodec.decode(a.getT(), file + ": node '" + n.getName() + "' attribute '"
                        + a.getName() + "'"));
            } else if (a.hasG() || a.getGraphsCount() > 0) {
                throw new UnsupportedOnnxException(file + ": node '" + n.getName() + "' has a subgraph attribute '"
                        + a.getName() + "'; control flow is not supported");
            }
        }
        return m;
    }

    /** The default-domain opset. */
    public int opset() {
        return opset;
    }

    /** Names of the graph inputs that are not initializers, in file order. */
    public List<String> inputNames() {
        return List.copyOf(inputs.keySet());
    }

    /** The declared type/shape of an input. */
    public ValueInfoProto inputInfo(String name) {
        return inputs.get(name);
    }

    /** Names of the graph outputs. */
    public List<String> outputNames() {
        return List.copyOf(outputs);
    }

    /** The nodes in execution order. */
    public List<NodeContext> nodes() {
        return List.copyOf(plan);
    }

    /** The decoded initializers (read-only). */
    public Map<String, Value> initializers() {
        return java.util.Collections.unmodifiableMap(initializers);
    }

    /** Runs the graph on the given input values and returns every graph output. */
    public Map<String, Value> run(Map<String, Value> given) {
        for (String name : given.keySet()) {
            if (!inputs.containsKey(name)) {
                throw new OnnxExecutionException(file + ": no graph input named '" + name + "'; inputs: " + inputNames());
            }
        }
        Map<String, Value> env = new HashMap<>(initializers);
        for (Map.Entry<String, ValueInfoProto> e : inputs.entrySet()) {
            Value v = given.get(e.getKey());
            if (v == null) {
                throw new OnnxExecutionException(file + ": input '" + e.getKey() + "' is missing; inputs: " + inputNames());
            }
            checkShape(e.getValue(), v);
            env.put(e.getKey(), v);
        }
        for (int i = 0; i < plan.size(); i++) {
            NodeContext n = plan.get(i);
            List<Value> in = new ArrayList<>(n.node().getInputCount());
            for (String s : n.node().getInputList()) {
                in.add(s.isEmpty() ? null : env.get(s));
            }
            List<Value> out;
            try {
                out = ops.get(i).apply(n, in);
            } catch (OnnxExecutionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new OnnxExecutionException(n.describe() + ": " + e.getMessage() + " (inputs "
                        + in + ")", e);
            }
            for (int k = 0; k < n.node().getOutputCount(); k++) {
                String name = n.node().getOutput(k);
                if (!name.isEmpty()) {
                    if (k >= out.size()) {
                        throw n.fail("output " + k + " '" + name + "' is not produced by this implementation");
                    }
                    env.put(name, out.get(k));
                }
            }
        }
        Map<String, Value> res = new LinkedHashMap<>();
        for (String o : outputs) {
            res.put(o, env.get(o));
        }
        return res;
    }

    private void checkShape(ValueInfoProto info, Value v) {
        if (!info.hasType() || !info.getType().hasTensorType() || !info.getType().getTensorType().hasShape()) {
            return;
        }
        var dims = info.getType().getTensorType().getShape().getDimList();
        boolean ok = dims.size() == v.rank();
        for (int i = 0; ok && i < dims.size(); i++) {
            ok = !dims.get(i).hasDimValue() || dims.get(i).getDimValue() == v.dim(i);
        }
        if (!ok) {
            throw new OnnxExecutionException(file + ": input '" + info.getName() + "' expects shape "
                    + dims.stream().map(d -> d.hasDimValue() ? Long.toString(d.getDimValue())
                            : d.getDimParam().isEmpty() ? "?" : d.getDimParam()).toList()
                    + ", got " + Arrays.toString(v.shape()));
        }
    }
}
