package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.internal.LayerChain.Form;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.MergeConfig;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.SymbolicTensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a branching ONNX graph (several inputs and outputs, values read by several nodes, merges) to
 * an engine functional {@link Model} built through {@link ModelBuilder}. The graph is cut into
 * linear segments at graph inputs, values read by several nodes, merge nodes and graph outputs;
 * each segment is walked by the same {@link ChainMatcher} that {@link SequentialConverter} uses, so
 * every layer pattern that converts in a chain converts in a segment. Merges with two or more data
 * inputs become merge layers: Concat on a non-batch axis -> Concatenate, Add / Sum -> Add, Mul ->
 * Multiply, Mean -> Average, and a chain of Adds scaled by 1/n (Mul by the constant, or Div by n)
 * -> Average, as the exporter and PyTorch write it. Layers whose nodes read the same weight
 * initializers with the same configuration are one shared layer. A segment must end on a
 * batch-major sequence or vector; anything else is refused, naming the node or value and why.
 */
public final class NetworkConverter {
    private static final Set<String> MERGE_OPS = Set.of("Concat", "Add", "Mul", "Sum", "Mean");

    private final GraphExecutor graph;
    private final ConversionGraph index;
    private final ModelBuilder builder = new ModelBuilder("onnx", 0);
    private final Map<String, SymbolicTensor> known = new HashMap<>();
    private final Map<String, LayerChain> inputChains = new HashMap<>();
    private final Map<String, Layer> sharedLayers = new HashMap<>();
    private final Map<String, LayerConfig> sharedConfigs = new HashMap<>();
    private final Set<NodeContext> merged = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<NodeContext> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<String> work = new ArrayDeque<>();

    /** A converter for the given validated graph. */
    public NetworkConverter(GraphExecutor graph, String file) {
        this.graph = graph;
        this.index = new ConversionGraph(graph, file, "a functional model");
    }

    /** The converted model, or an exception naming the node or value that does not map and why. */
    public Model convert() throws UnsupportedOnnxException {
        List<SymbolicTensor> inputs = new ArrayList<>();
        for (String in : graph.inputNames()) {
            LayerChain start = SequentialConverter.startAt(graph, index, in);
            SymbolicTensor t = builder.input(in, start.perSample);
            inputs.add(t);
            inputChains.put(in, start);
            known.put(in, t);
            work.add(in);
        }
        while (!work.isEmpty()) {
            String v = work.poll();
            for (NodeContext n : new LinkedHashSet<>(index.dataConsumers(v))) {
                if (isMerge(n, null)) {
                    merge(n);
                } else {
                    segment(v, n);
                }
            }
        }
        List<SymbolicTensor> outputs = new ArrayList<>();
        for (String out : graph.outputNames()) {
            SymbolicTensor t = known.get(out);
            if (t == null) {
                throw index.refuse("output '" + out + "' is not reached from the inputs through convertible nodes"
                        + pending());
            }
            outputs.add(t);
        }
        return builder.build(inputs, outputs);
    }

    /** The merges still waiting for inputs, for the refusal. */
    private String pending() {
        List<String> w = new ArrayList<>();
        for (NodeContext n : waiting) {
            if (!merged.contains(n)) {
                w.add(n.describe() + " waits for " + leaves(n).stream().filter(l -> !known.containsKey(l)).toList());
            }
        }
        return w.isEmpty() ? "" : "; unresolved merges: " + w;
    }

    /** Walks the segment that starts at known value {@code v} with reader {@code first}; its end becomes known. */
    private void segment(String v, NodeContext first) throws UnsupportedOnnxException {
        SymbolicTensor start = known.get(v);
        LayerChain chain = inputChains.containsKey(v) ? copy(inputChains.get(v)) : chainAt(v, start);
        new ChainMatcher(index, chain).walkFrom(first, value -> index.isOutput(value)
                || index.dataConsumers(value).size() != 1 || isMerge(index.dataConsumers(value).get(0), chain.form));
        String problem = chain.notALayerOutput();
        if (problem != null) {
            throw index.refuse("value '" + chain.cur + "' ends a branch (" + (index.isOutput(chain.cur)
                    ? "a graph output" : "read by " + index.dataConsumers(chain.cur).stream()
                    .map(NodeContext::describe).toList()) + ") but is " + problem);
        }
        SymbolicTensor t = start;
        for (int i = 0; i < chain.configs.size(); i++) {
            LayerConfig config = chain.configs.get(i);
            String key = chain.keys.get(i);
            Layer layer = sharedLayers.get(key);
            boolean fresh = layer == null || !config.equals(sharedConfigs.get(key));
            if (fresh) {
                layer = builder.layer(config);
            }
            t = apply(first, layer, t);
            if (fresh) {
                SequentialConverter.assign(layer, chain.weights.get(i));
                if (!key.isEmpty()) {
                    sharedLayers.put(key, layer);
                    sharedConfigs.put(key, config);
                }
            }
        }
        learn(chain.cur, t);
    }

    /** A walk starting at an intermediate value of per-sample shape {@code [steps, features]} or {@code [features]}. */
    private LayerChain chainAt(String v, SymbolicTensor t) throws UnsupportedOnnxException {
        int[] dims = t.shape().toArray();
        if (dims.length != 1 && dims.length != 2) {
            throw index.refuse("value '" + v + "' has per-sample shape " + t.shape() + "; branches map only on "
                    + "[features] or [steps, features] values");
        }
        LayerChain c = new LayerChain(v, dims.length == 2 ? Form.BATCH_SEQ : Form.VEC);
        c.steps = dims.length == 2 ? dims[0] : -1;
        c.inputFeatures = dims[dims.length - 1];
        return c;
    }

    private static LayerChain copy(LayerChain start) {
        LayerChain c = new LayerChain(start.cur, start.form);
        c.perSample = start.perSample;
        c.steps = start.steps;
        c.inputFeatures = start.inputFeatures;
        return c;
    }

    /**
     * True when {@code n} merges two or more computed values (not a bias or scale by a constant, nor
     * PyTorch's h_n Concat that a walk in {@code form} LSTM_YH reads).
     */
    private boolean isMerge(NodeContext n, Form form) {
        if (!MERGE_OPS.contains(n.opType()) || n.opType().equals("Concat") && form == Form.LSTM_YH) {
            return false;
        }
        return n.node().getInputList().stream().filter(i -> !i.isEmpty() && index.constValue(i) == null).count() >= 2;
    }

    /** Makes the merge layer of {@code n} (or of the Add/Mul chain that absorbs it) once all its inputs are known. */
    private void merge(NodeContext n) throws UnsupportedOnnxException {
        NodeContext top = n;
        for (NodeContext up = absorber(top); up != null; up = absorber(up)) {
            top = up;
        }
        waiting.add(top);
        List<String> leaves = leaves(top);
        if (merged.contains(top) || !leaves.stream().allMatch(known::containsKey)) {
            return;
        }
        merged.add(top);
        for (String l : leaves) {
            if (index.constValue(l) != null) {
                throw index.refuse(top.describe() + " merges the constant '" + l + "' with computed values; merge "
                        + "layers take computed values only");
            }
        }
        SymbolicTensor[] in = leaves.stream().map(known::get).toArray(SymbolicTensor[]::new);
        String out = top.node().getOutput(0);
        MergeConfig config;
        switch (top.opType()) {
            case "Concat" -> {
                int rank = in[0].shape().rank() + 1;
                long axis = top.attrInt("axis", 0);
                axis = axis < 0 ? axis + rank : axis;
                if (axis <= 0 || axis >= rank) {
                    throw index.refuse(top.describe() + ": Concat on axis " + top.attrInt("axis", 0) + " of rank-"
                            + rank + " values; a Concatenate layer joins along a non-batch axis");
                }
                config = Layers.concatenate(axis == rank - 1 ? -1 : (int) axis);
            }
            case "Mul" -> config = Layers.multiply();
            case "Mean" -> config = Layers.average();
            default -> {
                // Add / Sum; scaled by 1/n just after, it is the average of the n values.
                NodeContext scale = averageScale(out, leaves.size());
                config = scale != null ? Layers.average() : Layers.add();
                if (scale != null) {
                    out = scale.node().getOutput(0);
                }
            }
        }
        learn(out, apply(top, builder.layer(config), in));
    }

    /** The Add or Mul node of the same kind that reads only {@code n}'s output (a chain a+b+c), or null. */
    private NodeContext absorber(NodeContext n) {
        if (!n.opType().equals("Add") && !n.opType().equals("Mul")) {
            return null;
        }
        String out = n.node().getOutput(0);
        List<NodeContext> cs = index.dataConsumers(out);
        boolean chained = cs.size() == 1 && !index.isOutput(out) && cs.get(0).opType().equals(n.opType())
                && isMerge(cs.get(0), null);
        return chained ? cs.get(0) : null;
    }

    /** The values a merge combines, a chain of Adds or Muls flattened in order. */
    private List<String> leaves(NodeContext n) {
        List<String> r = new ArrayList<>();
        for (String i : n.node().getInputList()) {
            NodeContext p = index.producer(i);
            if (p != null && (n.opType().equals("Add") || n.opType().equals("Mul")) && absorber(p) == n) {
                r.addAll(leaves(p));
            } else {
                r.add(i);
            }
        }
        return r;
    }

    /** The node that scales {@code sum} by 1/count (Mul by the constant or Div by count), or null. */
    private NodeContext averageScale(String sum, int count) {
        List<NodeContext> cs = index.dataConsumers(sum);
        if (cs.size() != 1 || index.isOutput(sum)) {
            return null;
        }
        NodeContext s = cs.get(0);
        List<String> in = s.node().getInputList();
        if (in.size() != 2 || !s.opType().equals("Mul") && !(s.opType().equals("Div") && in.get(0).equals(sum))) {
            return null;
        }
        Value c = index.constValue(in.get(0).equals(sum) ? in.get(1) : in.get(0));
        if (c == null || c.size() != 1) {
            return null;
        }
        double f = s.opType().equals("Mul") ? c.floats()[0] : 1.0 / c.floats()[0];
        return Math.abs(f * count - 1) <= 1e-6 ? s : null;
    }

    private SymbolicTensor apply(NodeContext at, Layer layer, SymbolicTensor... in) throws UnsupportedOnnxException {
        try {
            return builder.apply(layer, in);
        } catch (IllegalArgumentException e) {
            throw index.refuse(at.describe() + ": " + e.getMessage());
        }
    }

    private void learn(String value, SymbolicTensor t) {
        if (known.putIfAbsent(value, t) == null) {
            work.add(value);
        }
    }
}
