package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.LoadLimits;
import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX control flow: {@code Loop} (opsets 1-22), {@code Scan} (opsets 9-22) and {@code If} (opsets 1-22). tf2onnx
 * writes a Keras RNN it cannot fuse into an ONNX {@code LSTM}/{@code GRU}/{@code RNN} node (SimpleRNN, GRU without
 * bias or with other activations, recurrent dropout, masking) as a {@code Loop} over the time steps whose body reads
 * the sequence from the outer graph.
 *
 * <p>Each subgraph runs as its own {@link GraphExecutor}. The outer values a subgraph reads by name (its free
 * variables, including those of subgraphs nested in it) become extra, implicit inputs of the control-flow node, so
 * the outer graph orders the node after their producers and passes their values in; the subgraph sees them as
 * graph inputs. Semantics, as the ONNX operator documentation states them:
 * <ul>
 *   <li>{@code Loop(M?, cond?, v...)}: body {@code (i, cond, v...) -> (cond, v..., scan...)}; runs while
 *       {@code i < M} and {@code cond} (each checked before the iteration; an absent one is true, both absent is an
 *       unbounded loop and refused); outputs the final {@code v...} then every scan output stacked on a new first
 *       axis ({@code [0]} when no iteration ran).</li>
 *   <li>{@code Scan(state..., scan...)} (opset 9 form; opset 8's batch axis and sequence_lens are refused): body
 *       {@code (state..., slice...) -> (state..., out...)}; slices along {@code scan_input_axes} (default 0) in the
 *       order of {@code scan_input_directions} (1 = last to first); outputs the final states and each out stacked
 *       along {@code scan_output_axes}, in reverse order where {@code scan_output_directions} is 1.</li>
 *   <li>{@code If(cond)}: runs {@code then_branch} or {@code else_branch} and returns its outputs.</li>
 * </ul>
 */
final class ControlFlowOps {
    /** Operators whose graph attributes this class runs. */
    static final Set<String> TYPES = Set.of("Loop", "Scan", "If");
    /** Deepest nesting of control-flow subgraphs accepted (file-controlled depth is bounded). */
    static final int MAX_DEPTH = 8;
    /** Most iterations one Loop or Scan node may run. */
    static final long MAX_ITERATIONS = 1L << 20;

    private ControlFlowOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Loop", ControlFlowOps::loop);
        ops.put("Scan", ControlFlowOps::scan);
        ops.put("If", ControlFlowOps::ifThenElse);
    }

    /** A subgraph compiled as an executor; {@code formal} are its declared inputs, {@code free} the outer names it reads. */
    private record Body(GraphExecutor exec, List<String> formal, List<String> free) {
    }

    /** What a node prepares at load: its bodies by attribute name and how many of its inputs the file declared. */
    private record Prepared(Map<String, Body> bodies, int declaredInputs) {
    }

    /**
     * The outer-scope names {@code n}'s subgraphs read, in first-read order.
     *
     * @throws OnnxFormatException if subgraphs nest deeper than {@link #MAX_DEPTH}
     */
    static List<String> freeVariables(NodeProto n, String file) throws OnnxFormatException {
        Set<String> free = new LinkedHashSet<>();
        for (GraphProto g : graphs(n)) {
            free.addAll(free(g, file, 1));
        }
        return List.copyOf(free);
    }

    private static List<GraphProto> graphs(NodeProto n) {
        List<GraphProto> gs = new ArrayList<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasG()) {
                gs.add(a.getG());
            }
            gs.addAll(a.getGraphsList());
        }
        return gs;
    }

    private static Set<String> free(GraphProto g, String file, int depth) throws OnnxFormatException {
        if (depth > MAX_DEPTH) {
            throw new UnsupportedOnnxException(file + ": control-flow subgraphs are nested deeper than " + MAX_DEPTH
                    + " levels (graph '" + g.getName() + "')");
        }
        Set<String> defined = new HashSet<>();
        g.getInputList().forEach(v -> defined.add(v.getName()));
        g.getInitializerList().forEach(t -> defined.add(t.getName()));
        Set<String> reads = new LinkedHashSet<>();
        for (NodeProto n : g.getNodeList()) {
            defined.addAll(n.getOutputList());
            reads.addAll(n.getInputList());
            for (GraphProto sub : graphs(n)) {
                reads.addAll(free(sub, file, depth + 1));
            }
        }
        g.getOutputList().forEach(v -> reads.add(v.getName()));
        reads.remove("");
        reads.removeAll(defined);
        return reads;
    }

    /**
     * Compiles the subgraphs of a control-flow node whose implicit inputs (the free variables) were appended to its
     * declared ones, and stores them in the node's {@link NodeContext#prepared()} slot.
     */
    static void prepare(NodeContext ctx, int opset, String file, LoadLimits limits) throws OnnxFormatException {
        NodeProto n = ctx.node();
        List<String> free = freeVariables(n, file);
        Map<String, Body> bodies = new HashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getGraphsCount() > 0) {
                throw new UnsupportedOnnxException(ctx.describe() + ": graphs-list attribute '" + a.getName()
                        + "' is not supported");
            }
            if (!a.hasG()) {
                continue;
            }
            GraphProto g = a.getG();
            List<String> own = List.copyOf(free(g, file, 1));
            GraphProto.Builder gb = g.toBuilder();
            own.forEach(name -> gb.addInput(ValueInfoProto.newBuilder().setName(name)));
            ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(gb)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
            GraphExecutor exec = new GraphExecutor(m, file + " (node '" + n.getName() + "' " + a.getName() + ")", limits);
            bodies.put(a.getName(), new Body(exec, g.getInputList().stream().map(ValueInfoProto::getName).toList(), own));
        }
        ctx.prepared().set(new Prepared(Map.copyOf(bodies), n.getInputCount() - free.size()));
    }

    private static Prepared prepared(NodeContext n) {
        return (Prepared) n.prepared().get();
    }

    private static Body body(NodeContext n, String attr) {
        Body b = prepared(n).bodies().get(attr);
        if (b == null) {
            throw n.fail("the graph attribute '" + attr + "' is missing");
        }
        return b;
    }

    /** The implicit (outer) values by name: the inputs after the declared ones. */
    private static Map<String, Value> outer(NodeContext n, List<Value> in) {
        List<String> names = n.node().getInputList();
        Map<String, Value> m = new HashMap<>();
        for (int i = prepared(n).declaredInputs(); i < in.size(); i++) {
            m.put(names.get(i), in.get(i));
        }
        return m;
    }

    private static List<Value> run(Body b, Map<String, Value> feed, Map<String, Value> outer) {
        Map<String, Value> all = new LinkedHashMap<>(feed);
        for (String f : b.free()) {
            all.put(f, outer.get(f));
        }
        Map<String, Value> out = b.exec().run(all);
        List<Value> r = new ArrayList<>();
        for (String o : b.exec().outputNames()) {
            r.add(out.get(o));
        }
        return r;
    }

    private static boolean truth(NodeContext n, Value v, String what) {
        if (v.size() != 1) {
            throw n.fail(what + " must hold one value, got " + v);
        }
        return v.isFloat() ? v.floats()[0] != 0 : v.longs()[0] != 0;
    }

    private static List<Value> loop(NodeContext n, List<Value> in) {
        Body b = body(n, "body");
        int declared = prepared(n).declaredInputs();
        int carriedCount = declared - 2;
        if (carriedCount < 0 || b.formal().size() != carriedCount + 2) {
            throw n.fail("the body takes " + b.formal().size() + " inputs; Loop gives it the iteration number, the "
                    + "condition and " + Math.max(0, carriedCount) + " loop-carried values");
        }
        int scanCount = b.exec().outputNames().size() - 1 - carriedCount;
        if (scanCount < 0) {
            throw n.fail("the body has " + b.exec().outputNames().size() + " outputs; it must return the condition and "
                    + carriedCount + " loop-carried values before its scan outputs");
        }
        Value tripV = NodeContext.optional(in, 0);
        Value condV = NodeContext.optional(in, 1);
        if (tripV == null && condV == null) {
            throw n.fail("has neither a trip count M nor a condition: an unbounded loop is refused");
        }
        long trip = tripV == null ? Long.MAX_VALUE : tripV.longs()[0];
        boolean cond = condV == null || truth(n, condV, "cond");
        List<Value> carried = new ArrayList<>(in.subList(2, declared));
        for (int i = 0; i < carried.size(); i++) {
            if (carried.get(i) == null) {
                throw n.fail("loop-carried input " + (i + 2) + " is missing");
            }
        }
        Map<String, Value> outer = outer(n, in);
        List<List<Value>> scans = new ArrayList<>();
        for (int k = 0; k < scanCount; k++) {
            scans.add(new ArrayList<>());
        }
        long i = 0;
        for (; i < trip && cond; i++) {
            if (i >= MAX_ITERATIONS) {
                throw n.fail("runs more than " + MAX_ITERATIONS + " iterations");
            }
            Map<String, Value> feed = new LinkedHashMap<>();
            feed.put(b.formal().get(0), Value.ofLongs(new int[0], new long[] {i}));
            feed.put(b.formal().get(1), Value.ofLongs(new int[0], new long[] {1}));
            for (int c = 0; c < carriedCount; c++) {
                feed.put(b.formal().get(2 + c), carried.get(c));
            }
            List<Value> out = run(b, feed, outer);
            cond = truth(n, out.get(0), "the body's condition output");
            for (int c = 0; c < carriedCount; c++) {
                carried.set(c, out.get(1 + c));
            }
            for (int k = 0; k < scanCount; k++) {
                scans.get(k).add(out.get(1 + carriedCount + k));
            }
        }
        List<Value> result = new ArrayList<>(carried);
        for (List<Value> s : scans) {
            result.add(stack(n, s, 0));
        }
        return result;
    }

    private static List<Value> scan(NodeContext n, List<Value> in) {
        if (n.opset() < 9) {
            throw n.fail("Scan before opset 9 (batch axis and sequence_lens) is not supported; re-export at opset 9+");
        }
        Body b = body(n, "body");
        int declared = prepared(n).declaredInputs();
        int scanIn = (int) n.attrInt("num_scan_inputs", -1);
        int states = declared - scanIn;
        if (scanIn < 1 || states < 0 || b.formal().size() != declared) {
            throw n.fail("num_scan_inputs " + scanIn + " does not fit " + declared + " inputs and a body of "
                    + b.formal().size() + " inputs");
        }
        int outs = b.exec().outputNames().size() - states;
        if (outs < 0) {
            throw n.fail("the body returns fewer values than the " + states + " states");
        }
        int[] inAxes = axes(n, "scan_input_axes", scanIn, in, states);
        long[] inDir = defaults(n.attrInts("scan_input_directions"), scanIn);
        long[] outDir = defaults(n.attrInts("scan_output_directions"), outs);
        long steps = -1;
        for (int j = 0; j < scanIn; j++) {
            Value v = n.input(in, states + j);
            int len = v.dim(inAxes[j]);
            if (steps >= 0 && len != steps) {
                throw n.fail("scan inputs have different lengths along their scan axes (" + steps + " and " + len + ")");
            }
            steps = len;
        }
        List<Value> state = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            state.add(n.input(in, s));
        }
        Map<String, Value> outer = outer(n, in);
        List<List<Value>> collected = new ArrayList<>();
        for (int k = 0; k < outs; k++) {
            collected.add(new ArrayList<>());
        }
        for (int t = 0; t < steps; t++) {
            Map<String, Value> feed = new LinkedHashMap<>();
            for (int s = 0; s < states; s++) {
                feed.put(b.formal().get(s), state.get(s));
            }
            for (int j = 0; j < scanIn; j++) {
                int at = inDir[j] == 1 ? (int) steps - 1 - t : t;
                feed.put(b.formal().get(states + j), take(in.get(states + j), inAxes[j], at));
            }
            List<Value> out = run(b, feed, outer);
            for (int s = 0; s < states; s++) {
                state.set(s, out.get(s));
            }
            for (int k = 0; k < outs; k++) {
                collected.get(k).add(out.get(states + k));
            }
        }
        long[] outAxes = n.attrInts("scan_output_axes");
        List<Value> result = new ArrayList<>(state);
        for (int k = 0; k < outs; k++) {
            List<Value> parts = collected.get(k);
            if (outDir[k] == 1) {
                java.util.Collections.reverse(parts);
            }
            int rank = parts.isEmpty() ? 1 : parts.get(0).rank() + 1;
            long axis = outAxes == null ? 0 : outAxes[k];
            if (axis < -rank || axis >= rank) {
                throw n.fail("scan_output_axes " + Arrays.toString(outAxes) + " out of range for rank " + rank);
            }
            result.add(stack(n, parts, (int) (axis < 0 ? axis + rank : axis)));
        }
        return result;
    }

    private static List<Value> ifThenElse(NodeContext n, List<Value> in) {
        Body b = body(n, truth(n, n.input(in, 0), "cond") ? "then_branch" : "else_branch");
        return run(b, Map.of(), outer(n, in));
    }

    private static long[] defaults(long[] v, int count) {
        return v == null ? new long[count] : v;
    }

    private static int[] axes(NodeContext n, String name, int count, List<Value> in, int first) {
        long[] v = n.attrInts(name);
        if (v != null && v.length != count) {
            throw n.fail(name + " " + Arrays.toString(v) + " must have " + count + " values");
        }
        int[] r = new int[count];
        for (int j = 0; j < count; j++) {
            int rank = n.input(in, first + j).rank();
            long a = v == null ? 0 : v[j];
            if (a < -rank || a >= rank) {
                throw n.fail(name + " " + Arrays.toString(v) + " out of range for rank " + rank);
            }
            r[j] = (int) (a < 0 ? a + rank : a);
        }
        return r;
    }

    /** Element {@code index} of {@code v} along {@code axis}, that axis removed. */
    static Value take(Value v, int axis, int index) {
        int[] s = v.shape();
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= s[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < s.length; a++) {
            inner *= s[a];
        }
        int[] shape = new int[s.length - 1];
        System.arraycopy(s, 0, shape, 0, axis);
        System.arraycopy(s, axis + 1, shape, axis, s.length - axis - 1);
        int[] idx = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                idx[o * inner + i] = (o * s[axis] + index) * inner + i;
            }
        }
        return v.gatherFlat(shape, idx);
    }

    /** The parts (all of one shape and kind) stacked along a new {@code axis}; {@code [0]} floats for none. */
    static Value stack(NodeContext n, List<Value> parts, int axis) {
        if (parts.isEmpty()) {
            return Value.ofFloats(new int[] {0}, new float[0]);
        }
        int[] s = parts.get(0).shape();
        boolean isFloat = parts.get(0).isFloat();
        for (Value p : parts) {
            if (!Arrays.equals(p.shape(), s) || p.isFloat() != isFloat) {
                throw n.fail("iterations produced scan outputs of different shapes or types: " + parts.get(0) + " and " + p);
            }
        }
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= s[a];
        }
        int inner = Shapes.size(s) / Math.max(1, outer);
        int count = parts.size();
        int[] shape = new int[s.length + 1];
        System.arraycopy(s, 0, shape, 0, axis);
        shape[axis] = count;
        System.arraycopy(s, axis, shape, axis + 1, s.length - axis);
        int size = Shapes.size(shape);
        if (isFloat) {
            float[] d = new float[size];
            for (int t = 0; t < count; t++) {
                float[] src = parts.get(t).floats();
                for (int o = 0; o < outer; o++) {
                    System.arraycopy(src, o * inner, d, (o * count + t) * inner, inner);
                }
            }
            return Value.ofFloats(shape, d);
        }
        long[] d = new long[size];
        for (int t = 0; t < count; t++) {
            long[] src = parts.get(t).longs();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * inner, d, (o * count + t) * inner, inner);
            }
        }
        return Value.ofLongs(shape, d);
    }
}
