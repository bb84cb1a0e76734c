package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.Folded.Const;
import dev.engram.io.onnx.convert.Folded.Fill;
import dev.engram.io.onnx.convert.Folded.Sym;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Constant and shape folding before conversion: the graph with every value that does not depend on the input data
 * computed once. Exporters compute shapes at run time (tf2onnx's {@code Shape -> Slice -> Concat -> Reshape}
 * targets, the crops of a "same" Conv1DTranspose, ones_like / zeros_like weights of TF's moments), so a converter
 * reading layer patterns would see no constants where the layer has them. The pass:
 * <ol>
 * <li>runs the graph twice ({@link ShapeProbe}) to learn each value's shape, the batch dimension marked;</li>
 * <li>evaluates nodes whose inputs are all constants with the executor's own ops, and shape arithmetic whose
 * elements hold the batch size as partly known tensors ({@link FoldingRules}), so a value that drops the batch
 * element is known;</li>
 * <li>removes nodes that leave their data unchanged: Mul / Div by ones, Add / Sub of zeros, Where on a known
 * condition, when the kept input already has the output's shape in both probe runs;</li>
 * <li>writes a one-value tensor of batch-dependent shape read by an elementwise node as a constant that broadcasts
 * the same, and a Reshape target holding the batch size with 0 (copy) or -1 (infer) there;</li>
 * <li>drops nodes nothing reads any more.</li>
 * </ol>
 * The result computes what the original computes for every batch size; when the probe runs fail (an input the
 * stand-in data cannot satisfy) or the graph has control flow (which the converter refuses, and whose trip counts a
 * probe must not run) the graph is returned unchanged and conversion reads it as it is.
 */
public final class GraphFolding {
    /** Ops never folded: random numbers, and control flow whose bodies may read data. */
    private static final Set<String> NEVER = Set.of("RandomNormal", "RandomUniform", "RandomNormalLike",
            "RandomUniformLike", "Bernoulli", "Multinomial", "Loop", "Scan", "If");
    /** Control-flow ops: a graph with one is not probed (see {@link #fold}). */
    private static final Set<String> CONTROL_FLOW = Set.of("Loop", "Scan", "If");
    /** Largest tensor computed once into an initializer. */
    private static final int MAX_CONST = 1 << 24;

    private final GraphExecutor graph;
    private final ShapeProbe probe;
    private final Map<String, Folded> known = new HashMap<>();
    /** Values replaced by another (the kept input of a node that changes nothing). */
    private final Map<String, String> bypass = new HashMap<>();
    /** Values every reader must take from this new initializer instead. */
    private final Map<String, TensorProto> replaced = new LinkedHashMap<>();
    private final Map<String, NodeContext> producers = new HashMap<>();
    /** Values that control-flow bodies read by name: never renamed. */
    private final Set<String> readByBodies = new HashSet<>();

    private GraphFolding(GraphExecutor graph, ShapeProbe probe) {
        this.graph = graph;
        this.probe = probe;
        for (NodeContext n : graph.nodes()) {
            n.node().getOutputList().forEach(o -> producers.put(o, n));
            if (NEVER.contains(n.opType())) {
                readByBodies.addAll(n.node().getInputList());
            }
        }
    }

    /**
     * The graph of {@code proto} (loaded as {@code graph} from {@code file}) folded, or {@code graph} itself when
     * nothing folds or the probe runs fail.
     */
    public static GraphExecutor fold(ModelProto proto, GraphExecutor graph, String file) {
        if (graph.nodes().stream().anyMatch(n -> CONTROL_FLOW.contains(n.opType()))) {
            // The converter refuses control flow anyway; a Loop's trip count must not make conversion run long.
            return graph;
        }
        ShapeProbe probe = ShapeProbe.run(graph);
        if (probe == null) {
            return graph;
        }
        GraphFolding f = new GraphFolding(graph, probe);
        f.evaluate();
        f.simplify();
        ModelProto folded = f.rewrite(proto, file);
        if (folded == null) {
            return graph;
        }
        try {
            return new GraphExecutor(folded, file, graph.limits());
        } catch (OnnxFormatException e) {
            return graph; // the rewrite must be loadable; if not, convert what the file says
        }
    }

    private void evaluate() {
        graph.initializers().forEach((k, v) -> known.put(k, new Const(v)));
        for (NodeContext n : graph.nodes()) {
            if (NEVER.contains(n.opType())) {
                continue;
            }
            List<Folded> in = new ArrayList<>();
            boolean allConst = true;
            for (String i : n.node().getInputList()) {
                Folded f = i.isEmpty() ? null : known.get(i);
                in.add(f);
                allConst &= i.isEmpty() || f instanceof Const;
            }
            List<Folded> out = allConst ? constant(n, in) : FoldingRules.evaluate(n, in, probe::dims);
            if (out == null) {
                continue;
            }
            for (int k = 0; k < out.size() && k < n.node().getOutputCount(); k++) {
                if (!n.node().getOutput(k).isEmpty() && out.get(k) != null) {
                    known.put(n.node().getOutput(k), out.get(k));
                }
            }
        }
    }

    private static List<Folded> constant(NodeContext n, List<Folded> in) {
        List<Value> values = in.stream().map(f -> f == null ? null : ((Const) f).value()).toList();
        List<Value> out = FoldingRules.apply(n, values);
        if (out == null || out.stream().anyMatch(v -> v != null && v.size() > MAX_CONST)) {
            return null;
        }
        return out.stream().map(v -> v == null ? null : (Folded) new Const(v)).toList();
    }

    /** Nodes that leave one input unchanged give way to it. */
    private void simplify() {
        Set<String> outputs = new HashSet<>(graph.outputNames());
        for (NodeContext n : graph.nodes()) {
            String out = n.node().getOutputCount() == 1 ? n.node().getOutput(0) : null;
            if (out == null || outputs.contains(out) || readByBodies.contains(out) || known.containsKey(out)) {
                continue;
            }
            String kept = unchanged(n);
            if (kept != null && probe.sameShape(resolve(kept), out)) {
                bypass.put(out, resolve(kept));
            }
        }
    }

    /** The input {@code n} passes through unchanged, or null. */
    private String unchanged(NodeContext n) {
        List<String> in = n.node().getInputList();
        switch (n.opType()) {
            case "Identity":
                return in.get(0);
            case "Mul", "Add":
                double neutral = n.opType().equals("Mul") ? 1 : 0;
                return in.size() != 2 ? null : uniform(in.get(1), neutral) ? in.get(0)
                        : uniform(in.get(0), neutral) ? in.get(1) : null;
            case "Div", "Sub":
                return in.size() == 2 && uniform(in.get(1), n.opType().equals("Div") ? 1 : 0) ? in.get(0) : null;
            case "Where":
                return uniform(in.get(0), 1) ? in.get(1) : uniform(in.get(0), 0) ? in.get(2) : null;
            case "Reshape", "Expand", "Tile":
                return in.get(0); // kept only when the output has the input's shape (the caller checks)
            case "Pad":
                // zero pads at every edge (opset 11+: an input; before: an attribute)
                long[] pads = n.opset() < 11 ? n.attrInts("pads") : in.size() > 1 && known.get(in.get(1))
                        instanceof Const c ? c.value().longs() : null;
                return pads != null && java.util.Arrays.stream(pads).allMatch(p -> p == 0) ? in.get(0) : null;
            case "Slice":
                // the same shape with forward steps keeps every element in place
                Folded steps = in.size() > 4 && !in.get(4).isEmpty() ? known.get(in.get(4)) : null;
                boolean forward = n.opset() < 10 || in.size() <= 4 || in.get(4).isEmpty() || steps instanceof Const c
                        && java.util.Arrays.stream(c.value().longs()).allMatch(x -> x > 0);
                return forward ? in.get(0) : null;
            default:
                return null;
        }
    }

    /** True when every element of {@code v} is known to be {@code x}. */
    private boolean uniform(String v, double x) {
        Folded f = known.get(v);
        if (f instanceof Fill fill) {
            return fill.number() == x;
        }
        if (f instanceof Const c && c.value().size() > 0) {
            for (float e : c.value().floats()) {
                if (e != x) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private String resolve(String v) {
        String r = v;
        for (int guard = 0; bypass.containsKey(r) && guard < 1000; guard++) {
            r = bypass.get(r);
        }
        return r;
    }

    /** The folded model, or null when nothing changed. */
    private ModelProto rewrite(ModelProto proto, String file) {
        GraphProto g = proto.getGraph();
        Set<String> outputs = new HashSet<>(graph.outputNames());
        Map<String, NodeProto> original = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                original.putIfAbsent(o, n);
            }
        }
        // Nodes in execution order, their inputs renamed and folded values read from initializers.
        List<NodeProto> nodes = new ArrayList<>();
        List<List<String>> implicit = new ArrayList<>();
        for (NodeContext ctx : graph.nodes()) {
            NodeProto n = original.get(firstOutput(ctx.node()));
            if (n == null || removable(ctx.node(), outputs)) {
                continue;
            }
            NodeProto.Builder b = n.toBuilder().clearInput();
            for (int k = 0; k < n.getInputCount(); k++) {
                b.addInput(input(ctx, k, n.getInput(k)));
            }
            nodes.add(b.build());
            // A control-flow node's bodies read outer values by name: they stay, unrenamed.
            List<String> bodyReads = ctx.node().getInputList().subList(n.getInputCount(), ctx.node().getInputCount());
            for (String v : bodyReads) {
                if (known.get(v) instanceof Const c && !graph.initializers().containsKey(v) && foldable(v)) {
                    replaced.computeIfAbsent(v, name -> encode(name, c.value()));
                }
            }
            implicit.add(bodyReads);
        }
        // Keep what the outputs need, walking back from them.
        Set<String> needed = new HashSet<>(outputs);
        List<NodeProto> live = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto n = nodes.get(i);
            if (n.getOutputList().stream().anyMatch(needed::contains)) {
                live.add(0, n);
                needed.addAll(n.getInputList());
                needed.addAll(implicit.get(i));
            }
        }
        List<TensorProto> inits = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (needed.contains(t.getName())) {
                inits.add(t);
            }
        }
        Set<String> have = new HashSet<>(graph.initializers().keySet());
        for (String v : needed) {
            if (!have.contains(v) && replaced.containsKey(v)) {
                inits.add(replaced.get(v));
            }
        }
        Map<String, Value> constants = new HashMap<>();
        for (TensorProto t : inits) {
            try {
                constants.put(t.getName(), TensorCodec.decode(t, file));
            } catch (OnnxFormatException e) {
                return null; // cannot happen for tensors this pass or the loader accepted
            }
        }
        int known = constants.size();
        live = new ConvLowering(live, constants, probe, outputs, graph.opset(), file).lower();
        live = new LayoutRuns(live, constants, probe, outputs, graph.opset(), file).compose();
        Set<String> written = new HashSet<>();
        inits.forEach(t -> written.add(t.getName()));
        constants.forEach((name, v) -> {
            if (!written.contains(name)) {
                inits.add(encode(name, v)); // a weight the lowering reshaped
            }
        });
        if (live.equals(g.getNodeList()) && inits.equals(g.getInitializerList()) && constants.size() == known) {
            return null;
        }
        GraphProto.Builder gb = g.toBuilder().clearNode().addAllNode(live).clearInitializer().addAllInitializer(inits)
                .clearValueInfo();
        return proto.toBuilder().setGraph(gb).build();
    }

    private static String firstOutput(NodeProto n) {
        return n.getOutputList().stream().filter(o -> !o.isEmpty()).findFirst().orElse("");
    }

    /** True when every output of {@code n} is folded or bypassed (and none is a graph output). */
    private boolean removable(NodeProto n, Set<String> outputs) {
        for (String o : n.getOutputList()) {
            if (!o.isEmpty() && (outputs.contains(o) || !(known.get(o) instanceof Const) && !bypass.containsKey(o))) {
                return false;
            }
        }
        return true;
    }

    /** What input {@code k} (value {@code v}) of node {@code ctx} reads after folding. */
    private String input(NodeContext ctx, int k, String v) {
        if (v.isEmpty()) {
            return v;
        }
        String r = resolve(v);
        Folded f = known.get(r);
        if (f instanceof Const c && !graph.initializers().containsKey(r)) {
            if (!foldable(r)) {
                return r;
            }
            replaced.computeIfAbsent(r, name -> encode(name, c.value()));
            return r;
        }
        if (f instanceof Fill fill && FoldingRules.ELEMENTWISE.contains(ctx.opType())
                && broadcastsBack(ctx, k, fill)) {
            String name = r + "__folded";
            replaced.computeIfAbsent(name, x -> encode(x, fill.broadcastable()));
            return name;
        }
        if (f instanceof Sym s && ctx.opType().equals("Reshape") && k == 1 && ctx.attrInt("allowzero", 0) == 0) {
            long[] target = reshapeTarget(s.elements(), probe.dims(ctx.node().getInput(0)));
            if (target != null) {
                String name = r + "__target";
                replaced.computeIfAbsent(name, x -> TensorCodec.longs(x, new int[] {target.length}, target));
                return name;
            }
        }
        return r;
    }

    /** True when the node making Const {@code v} goes (all its outputs are known), so an initializer replaces it. */
    private boolean foldable(String v) {
        NodeContext p = producers.get(v);
        return p != null && !graph.outputNames().contains(v) && p.node().getOutputList().stream()
                .allMatch(o -> o.isEmpty() || known.get(o) instanceof Const);
    }

    /**
     * True when input {@code k} of elementwise node {@code n}, the one-value tensor {@code fill}, may be read as
     * {@link Fill#broadcastable()}: in both probe runs the other inputs broadcast with it to the node's output shape.
     */
    private boolean broadcastsBack(NodeContext n, int k, Fill fill) {
        int[] small = fill.broadcastable().shape();
        for (int run = 0; run < 2; run++) {
            int[] shape = small;
            for (int i = 0; i < n.node().getInputCount(); i++) {
                int[] s = i == k ? small : probe.shape(run, n.node().getInput(i));
                shape = s == null ? null : ShapeProbe.broadcast(shape, s);
                if (shape == null) {
                    return false;
                }
            }
            if (!java.util.Arrays.equals(shape, probe.shape(run, n.node().getOutput(0)))) {
                return false;
            }
        }
        return true;
    }

    /** A Reshape target with the batch written as 0 (where the data has it at that axis) or -1; null if neither. */
    private static long[] reshapeTarget(long[] t, long[] data) {
        long[] r = t.clone();
        int open = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == Folded.BATCH && data != null && i < data.length && data[i] == Folded.BATCH) {
                r[i] = 0;
            } else if (Folded.marker(r[i])) {
                open++;
                r[i] = -1;
            } else if (r[i] == 0 || r[i] == -1) {
                open += r[i] == -1 ? 1 : 0;
                if (r[i] == 0) {
                    return null; // a literal copy beside markers: leave the file's form
                }
            }
        }
        return open <= 1 ? r : null;
    }

    private static TensorProto encode(String name, Value v) {
        return v.isFloat() ? TensorCodec.floats(name, v.shape(), v.floats()) : TensorCodec.longs(name, v.shape(),
                v.longs());
    }
}
