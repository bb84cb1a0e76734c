package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.LoadLimits;
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
import java.util.Collection;
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
    /** Per planned node: true when its value depends on a graph input (not only on initializers). */
    private final List<Boolean> fedByInput = new ArrayList<>();
    private final LoadLimits limits;
    /** True when every graph input declares every dimension after the batch axis. */
    private boolean inputsPinned = true;
    /** The ONNX IR versions read: 3 (ONNX 1.1, opset 7) to 11 (ONNX 1.18). */
    public static final long MIN_IR_VERSION = 3;
    /** See {@link #MIN_IR_VERSION}. */
    public static final long MAX_IR_VERSION = 11;

    /** Validates {@code model} (read from {@code file}) with the default limits and orders its nodes. */
    public GraphExecutor(ModelProto model, String file) throws OnnxFormatException {
        this(model, file, LoadLimits.defaults());
    }

    /**
     * Validates {@code model} (read from {@code file}) within {@code limits} and orders its nodes in
     * time linear in the graph's size, whatever order the file lists them in.
     */
    public GraphExecutor(ModelProto model, String file, LoadLimits limits) throws OnnxFormatException {
        this.file = file;
        this.limits = limits;
        checkIrVersion(model, file);
        this.opset = defaultOpset(model, file);
        GraphProto g = model.getGraph();
        if (g.getSparseInitializerCount() > 0) {
            throw new UnsupportedOnnxException(file + ": sparse initializers are not supported");
        }
        if (g.getNodeCount() > limits.layers()) {
            throw new OnnxFormatException(file + ": " + LoadLimits.exceeded("the graph's nodes", g.getNodeCount(),
                    limits.layers(), "--max-layers"));
        }
        long bytes = 0;
        for (TensorProto t : g.getInitializerList()) {
            Value v = Shapes.withLimit(limits.tensorElements(),
                    () -> TensorCodec.decode(t, file + ": initializer '" + t.getName() + "'"));
            bytes += (long) v.size() * Float.BYTES;
            if (bytes > limits.parameterBytes()) {
                throw new OnnxFormatException(file + ": initializer '" + t.getName() + "': " + LoadLimits.exceeded(
                        "the initializers", bytes, limits.parameterBytes(), "--max-param-bytes") + " bytes");
            }
            if (initializers.put(t.getName(), v) != null) {
                throw new OnnxFormatException(file + ": initializer '" + t.getName() + "' is defined twice");
            }
        }
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                inputs.put(v.getName(), v);
                inputsPinned &= pinned(v);
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

    private static void checkIrVersion(ModelProto model, String file) throws OnnxFormatException {
        long ir = model.getIrVersion();
        if (ir < MIN_IR_VERSION || ir > MAX_IR_VERSION) {
            throw new UnsupportedOnnxException(file + ": ONNX IR version " + ir + " is not supported; supported: "
                    + MIN_IR_VERSION + " to " + MAX_IR_VERSION);
        }
    }

    /** True when the input's declared shape fixes every dimension after the first (the batch). */
    private static boolean pinned(ValueInfoProto v) {
        if (!v.hasType() || !v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return false;
        }
        var dims = v.getType().getTensorType().getShape().getDimList();
        for (int i = 1; i < dims.size(); i++) {
            if (!dims.get(i).hasDimValue()) {
                return false;
            }
        }
        return true;
    }

    private static int defaultOpset(ModelProto model, String file) throws OnnxFormatException {
        int found = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (found >= 0) {
                    throw new OnnxFormatException(file + ": opset_import lists the default domain twice");
                }
                found = (int) Math.max(0, Math.min(Integer.MAX_VALUE, o.getVersion()));
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
            if (ControlFlowOps.TYPES.contains(n.getOpType())) {
                // The outer values its subgraphs read become implicit inputs, ordered like any other.
                n = n.toBuilder().addAllInput(ControlFlowOps.freeVariables(n, file)).build();
            }
            for (String o : n.getOutputList()) {
                if (!o.isEmpty() && (producer.put(o, label) != null || available.contains(o))) {
                    throw new OnnxFormatException(file + ": " + label + ": output '" + o
                            + "' is already defined by another node, an input or an initializer");
                }
            }
            pending.add(n);
        }
        // Kahn's algorithm: each node waits on a count of values not yet available, so the order
        // is found in time linear in nodes + edges whatever order the file lists them in.
        Map<String, List<Integer>> consumers = new HashMap<>();
        int[] missing = new int[pending.size()];
        java.util.ArrayDeque<Integer> ready = new java.util.ArrayDeque<>();
        for (int i = 0; i < pending.size(); i++) {
            Set<String> needs = new HashSet<>();
            for (String s : pending.get(i).getInputList()) {
                if (!s.isEmpty() && !available.contains(s) && needs.add(s)) {
                    if (!producer.containsKey(s)) {
                        NodeProto n = pending.get(i);
                        throw new OnnxFormatException(file + ": node '" + n.getName() + "' (" + n.getOpType()
                                + ") reads '" + s + "', which is no graph input, initializer or node output");
                    }
                    consumers.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
                }
            }
            missing[i] = needs.size();
            if (missing[i] == 0) {
                ready.add(i);
            }
        }
        Set<String> fromInputs = new HashSet<>(inputs.keySet());
        while (!ready.isEmpty()) {
            NodeProto n = pending.get(ready.poll());
            NodeContext ctx = new NodeContext(n, opset, file, tensorAttributes(n));
            if (ControlFlowOps.TYPES.contains(n.getOpType())) {
                ControlFlowOps.prepare(ctx, opset, file, limits);
            }
            plan.add(ctx);
            ops.add(OpRegistry.get(n.getOpType()));
            boolean fed = n.getInputList().stream().anyMatch(fromInputs::contains);
            fedByInput.add(fed);
            for (String o : n.getOutputList()) {
                if (o.isEmpty()) {
                    continue;
                }
                available.add(o);
                if (fed) {
                    fromInputs.add(o);
                }
                for (int c : consumers.getOrDefault(o, List.of())) {
                    if (--missing[c] == 0) {
                        ready.add(c);
                    }
                }
            }
        }
        if (plan.size() < pending.size()) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < pending.size() && stuck.size() < 20; i++) {
                if (missing[i] > 0) {
                    stuck.add("'" + pending.get(i).getName() + "'");
                }
            }
            throw new OnnxFormatException(file + ": the graph has a cycle through nodes " + stuck);
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
            } else if ((a.hasG() || a.getGraphsCount() > 0) && !ControlFlowOps.TYPES.contains(n.getOpType())) {
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
        return Shapes.withLimit(limits.tensorElements(), () -> runLimited(given));
    }

    /** The limits this graph was loaded within (a rewritten copy of the graph is loaded within the same). */
    public LoadLimits limits() {
        return limits;
    }

    /**
     * Runs the graph on {@code given} and returns the shape of every value the run saw: graph inputs, initializers
     * and every node output. The converter's shape probe ({@code convert.GraphFolding}); the values themselves
     * go back to the run's pool.
     */
    public Map<String, int[]> valueShapes(Map<String, Value> given) {
        return Shapes.withLimit(limits.tensorElements(), () -> {
            RunBuffers buffers = RunBuffers.open();
            Map<String, Value> env = new HashMap<>(initializers);
            try {
                runNodes(given, env);
                Map<String, int[]> shapes = new HashMap<>();
                env.forEach((k, v) -> shapes.put(k, v.shape()));
                return shapes;
            } finally {
                buffers.close(List.of(given.values(), initializers.values()));
            }
        });
    }

    private Map<String, Value> runLimited(Map<String, Value> given) {
        RunBuffers buffers = RunBuffers.open();
        Map<String, Value> res = null;
        Map<String, Value> env = new HashMap<>(initializers);
        try {
            res = runNodes(given, env);
            return res;
        } finally {
            // Arrays the run took go back to this thread's pool, except what the caller receives
            // (outputs) or owns (inputs) and the initializers; after a failure nothing is returned.
            Collection<Value> returned = res != null ? res.values() : List.of();
            buffers.close(List.of(returned, given.values(), initializers.values()));
        }
    }

    private Map<String, Value> runNodes(Map<String, Value> given, Map<String, Value> env) {
        for (String name : given.keySet()) {
            if (!inputs.containsKey(name)) {
                throw new OnnxExecutionException(file + ": no graph input named '" + name + "'; inputs: " + inputNames(),
                        null, true);
            }
        }
        for (Map.Entry<String, ValueInfoProto> e : inputs.entrySet()) {
            Value v = given.get(e.getKey());
            if (v == null) {
                throw new OnnxExecutionException(file + ": input '" + e.getKey() + "' is missing; inputs: " + inputNames(),
                        null, true);
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
                // Only nodes fed by a graph input take reusable buffers: a value computed from
                // constants alone may be kept by a later node's preparation (weights, for one).
                RunBuffers.pooling(fedByInput.get(i));
                out = ops.get(i).apply(n, in);
            } catch (RuntimeException e) {
                // A node that fails on inputs matching every declared dimension, or on constants
                // alone, is a defect of the model; with undeclared dimensions the input may be at fault.
                boolean inputError = fedByInput.get(i) && !inputsPinned;
                String message = e instanceof OnnxExecutionException ? e.getMessage()
                        : n.describe() + ": " + e.getMessage() + " (inputs " + in + ")";
                throw new OnnxExecutionException(message, e, inputError);
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
                    + ", got " + Arrays.toString(v.shape()), null, true);
        }
    }
}
