package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
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
    private final GraphExecutor graph;
    private final ConversionGraph index;
    private final ModelBuilder builder = ModelBuilder.withDeferredInitialization("onnx", 0);
    private final Map<String, SymbolicTensor> known = new HashMap<>();
    /**
     * The ONNX layout of each known value: BATCH_SEQ or VEC, or TIME_SEQ for a sequence the graph holds
     * time-major (the engine tensor is batch-major all the same), e.g. after a Transpose read by two nodes.
     */
    private final Map<String, Form> forms = new HashMap<>();
    private final Map<String, LayerChain> inputChains = new HashMap<>();
    private final Map<String, Layer> sharedLayers = new HashMap<>();
    private final Map<String, LayerConfig> sharedConfigs = new HashMap<>();
    private final Set<NodeContext> merged = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<NodeContext> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Scales of a sum by 1/n already made Average layers. */
    private final Set<NodeContext> scaled = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<String> work = new ArrayDeque<>();
    /** Values that are a recurrent layer's output, with the layer's input and configuration. */
    private final Map<String, Applied> lastLayer = new HashMap<>();
    /** Reverse layers' sequences in input order, waiting for a merge with the forward half. */
    private final Map<String, Applied> reverseHalves = new HashMap<>();

    /** A recurrent layer applied (or, for a reverse half, to be applied) to {@code input}. */
    private record Applied(SymbolicTensor input, LayerConfig config, Map<WeightKey, dev.engram.tensor.Tensor> weights) {
    }

    /** A converter for the given validated graph. */
    public NetworkConverter(GraphExecutor graph, String file) {
        this.graph = graph;
        this.index = new ConversionGraph(graph, file, "a functional model");
    }

    /** The converted model, or an exception naming the node or value that does not map and why. */
    public Model convert() throws UnsupportedOnnxException {
        List<SymbolicTensor> inputs = new ArrayList<>();
        for (String in : graph.inputNames()) {
            if (stateInput(in)) {
                // PyTorch's lstm(x, (h0, c0)) with h0 a graph input [1, batch, H]: the engine model takes [batch, H].
                var dims = graph.inputInfo(in).getType().getTensorType().getShape().getDimList();
                SymbolicTensor t = builder.input(in, (int) dims.get(2).getDimValue());
                inputs.add(t);
                known.put(in, t);
                forms.put(in, Form.VEC);
                continue;
            }
            LayerChain start = SequentialConverter.startAt(graph, index, in);
            SymbolicTensor t = builder.input(in, start.perSample);
            inputs.add(t);
            inputChains.put(in, start);
            known.put(in, t);
            forms.put(in, start.form);
            work.add(in);
        }
        List<Map.Entry<String, NodeContext>> deferred = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            while (!work.isEmpty()) {
                String v = work.poll();
                if (index.dataConsumers(v).size() > 1 && ActivationRegion.at(index, v) != null) {
                    // several element-wise nodes reading v are one activation (x * sigmoid(x)): one segment
                    segment(v, index.dataConsumers(v).get(0));
                    continue;
                }
                for (NodeContext n : new LinkedHashSet<>(index.dataConsumers(v))) {
                    if (scaled.contains(n)) {
                        continue;
                    }
                    if (isMerge(n, null)) {
                        merge(n);
                    } else if (feedsStatesOnly(n) || !n.node().getInput(0).equals(v) && statesOf(n).contains(v)) {
                        continue; // read by the recurrent node it gives initial states to
                    } else if (!statesOf(n).isEmpty() && n.node().getInput(0).equals(v)) {
                        deferred.add(Map.entry(v, n));
                    } else {
                        segment(v, n);
                    }
                }
            }
            progress = false;
            for (var it = deferred.iterator(); it.hasNext(); ) {
                var d = it.next();
                if (statesOf(d.getValue()).stream().allMatch(known::containsKey)) {
                    it.remove();
                    segment(d.getKey(), d.getValue());
                    progress = true;
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
            if (forms.get(out) == Form.TIME_SEQ) {
                throw index.refuse("output '" + out + "' is time-major; the engine's sequences are batch-major");
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
        chain.sideOutputs = new HashMap<>();
        chain.stateSource = this::stateSource;
        new ChainMatcher(index, chain).walkFrom(first, value -> index.isOutput(value)
                || index.dataConsumers(value).size() != 1 || isMerge(index.dataConsumers(value).get(0), chain.form)
                || !statesOf(index.dataConsumers(value).get(0)).isEmpty());
        String problem = chain.notALayerOutput();
        if (problem != null && chain.form == Form.TIME_SEQ && !chain.inputOrderReverse && !chain.reversedInput
                && !index.isOutput(chain.cur)) {
            problem = null; // a time-major branch point or merge input: the layout is tracked, the data is the same
        }
        int last = chain.configs.size() - 1;
        boolean half = chain.inputOrderReverse && !chain.reversedInput
                && (chain.form == Form.BATCH_SEQ || chain.form == Form.TIME_SEQ)
                && chain.lstmIndex == last && !index.isOutput(chain.cur) && index.dataConsumers(chain.cur).size() == 1
                && isMerge(index.dataConsumers(chain.cur).get(0), chain.form);
        if (problem != null && !half) {
            throw index.refuse("value '" + chain.cur + "' ends a branch (" + (index.isOutput(chain.cur)
                    ? "a graph output" : "read by " + index.dataConsumers(chain.cur).stream()
                    .map(NodeContext::describe).toList()) + ") but is " + problem);
        }
        SymbolicTensor t = start;
        for (int i = 0; i < chain.configs.size(); i++) {
            if (half && i == last) {
                // The backward half of a bidirectional pattern: it becomes a layer only with its forward half.
                reverseHalves.put(chain.cur, new Applied(t, chain.configs.get(i), chain.weights.get(i)));
                forms.put(chain.cur, chain.form);
                for (NodeContext m : index.dataConsumers(chain.cur)) {
                    merge(m);
                }
                return;
            }
            LayerConfig config = chain.configs.get(i);
            String key = chain.keys.get(i);
            Layer layer = sharedLayers.get(key);
            boolean fresh = layer == null || !config.equals(sharedConfigs.get(key));
            if (fresh) {
                layer = builder.layer(config);
            }
            SymbolicTensor in = t;
            List<List<String>> side = chain.sideOutputs.get(i);
            List<SymbolicTensor> args = new ArrayList<>(List.of(t));
            for (String st : chain.stateInputs.getOrDefault(i, List.of())) {
                args.add(known.get(st));
            }
            if (side == null) {
                t = apply(first, layer, args.toArray(SymbolicTensor[]::new));
            } else {
                List<SymbolicTensor> all = applyAll(first, layer, args.toArray(SymbolicTensor[]::new));
                t = all.get(0);
                for (int k = 0; k < side.size(); k++) {
                    for (String alias : side.get(k)) {
                        learn(alias, all.get(k + 1), chain.sideForms.getOrDefault(alias, Form.VEC));
                    }
                }
            }
            if (i == last && config instanceof dev.engram.layers.RecurrentLayerConfig) {
                lastLayer.put(chain.cur, new Applied(in, config, chain.weights.get(i)));
            }
            if (fresh) {
                WeightKey.assign(layer, chain.weights.get(i), index);
                if (!key.isEmpty()) {
                    sharedLayers.put(key, layer);
                    sharedConfigs.put(key, config);
                }
            }
        }
        learn(chain.cur, t, chain.form);
    }

    /**
     * The {@code [batch, H]} value that state input {@code v} (initial_h / initial_c) unsqueezes on its
     * direction axis 0 (the exporter's form of initial states), or null.
     */
    private String stateSource(String v) {
        if (stateInput(v)) {
            return v;
        }
        NodeContext u = index.producer(v);
        if (u == null || !u.opType().equals("Unsqueeze")) {
            return null;
        }
        long[] axes;
        try {
            axes = u.opset() < 13 ? u.attrInts("axes") : index.longs(u.node().getInput(1), u);
        } catch (UnsupportedOnnxException e) {
            return null;
        }
        return axes != null && axes.length == 1 && axes[0] == 0 ? u.node().getInput(0) : null;
    }

    /**
     * True for a graph input {@code [1, batch, H]} (H known) read only as initial_h / initial_c of
     * single-direction layout-0 recurrent nodes.
     */
    private boolean stateInput(String v) {
        if (!graph.inputNames().contains(v)) {
            return false;
        }
        var type = graph.inputInfo(v).getType();
        var dims = type.hasTensorType() && type.getTensorType().hasShape() ? type.getTensorType().getShape().getDimList()
                : List.<dev.engram.io.onnx.proto.Onnx.TensorShapeProto.Dimension>of();
        if (dims.size() != 3 || dims.get(0).getDimValue() != 1 || !dims.get(2).hasDimValue()) {
            return false;
        }
        List<NodeContext> cs = index.consumers(v);
        return !cs.isEmpty() && cs.stream().allMatch(c -> ConversionGraph.RECURRENT_OPS.contains(c.opType())
                && c.attrInt("layout", 0) == 0 && !"bidirectional".equals(c.attrString("direction", "forward"))
                && c.node().getInputList().indexOf(v) >= 5);
    }

    /** The values a recurrent node's non-zero initial states unsqueeze (empty when none, or not that form). */
    private List<String> statesOf(NodeContext n) {
        List<String> r = new ArrayList<>();
        if (!ConversionGraph.RECURRENT_OPS.contains(n.opType())) {
            return r;
        }
        List<String> in = n.node().getInputList();
        for (int i = 5; i <= 6 && i < in.size(); i++) {
            String src = in.get(i).isEmpty() || index.isZero(in.get(i)) ? null : stateSource(in.get(i));
            if (src != null) {
                r.add(src);
            }
        }
        return r;
    }

    /** True when {@code n} is an Unsqueeze read only as initial states of recurrent nodes. */
    private boolean feedsStatesOnly(NodeContext n) {
        if (!n.opType().equals("Unsqueeze") || index.isOutput(n.node().getOutput(0))) {
            return false;
        }
        String out = n.node().getOutput(0);
        List<NodeContext> cs = index.consumers(out);
        return !cs.isEmpty() && cs.stream().allMatch(c -> ConversionGraph.RECURRENT_OPS.contains(c.opType())
                && !c.node().getInput(0).equals(out) && stateSource(out) != null);
    }

    /** A walk starting at an intermediate value of per-sample shape {@code [steps, features]} or {@code [features]}. */
    private LayerChain chainAt(String v, SymbolicTensor t) throws UnsupportedOnnxException {
        int[] dims = t.shape().toArray();
        if (dims.length != 1 && dims.length != 2) {
            throw index.refuse("value '" + v + "' has per-sample shape " + t.shape() + "; branches map only on "
                    + "[features] or [steps, features] values");
        }
        LayerChain c = new LayerChain(v, forms.get(v));
        c.steps = dims.length == 2 ? dims[0] : -1;
        c.inputFeatures = dims[dims.length - 1];
        return c;
    }

    private static LayerChain copy(LayerChain start) {
        LayerChain c = new LayerChain(start.cur, start.form);
        c.perSample = start.perSample;
        c.steps = start.steps;
        c.inputFeatures = start.inputFeatures;
        // An image input's layout and size (ConvImporter.startAt), which the image importers read and update.
        c.imageFormat = start.imageFormat;
        c.imageSize = start.imageSize == null ? null : start.imageSize.clone();
        c.channelsFirstSequence = start.channelsFirstSequence;
        return c;
    }

    /**
     * True when {@code n} merges two or more computed values (not a bias or scale by a constant, nor
     * PyTorch's h_n Concat that a walk in {@code form} LSTM_YH reads).
     */
    private boolean isMerge(NodeContext n, Form form) {
        if (!MergeMapping.OPS.contains(n.opType()) || n.opType().equals("Concat") && form == Form.LSTM_YH) {
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
        if (merged.contains(top) || !leaves.stream().allMatch(l -> known.containsKey(l) || reverseHalves.containsKey(l))) {
            return;
        }
        merged.add(top);
        if (leaves.stream().anyMatch(reverseHalves::containsKey)) {
            bidirectional(top, leaves);
            return;
        }
        for (String l : leaves) {
            if (index.constValue(l) != null) {
                throw index.refuse(top.describe() + " merges the constant '" + l + "' with computed values; merge "
                        + "layers take computed values only");
            }
        }
        SymbolicTensor[] in = leaves.stream().map(known::get).toArray(SymbolicTensor[]::new);
        Form form = mergeForm(top, leaves);
        var m = MergeMapping.layer(index, top, in[0].shape().rank() + 1, form == Form.TIME_SEQ, leaves.size());
        learn(m.output(), apply(top, builder.layer(m.merge()), in), form);
        if (top.opType().equals("Add") && m.output().equals(top.node().getOutput(0))) {
            // the same sum scaled by 1/n beside its other readers: an Average of the same values
            for (NodeContext s : index.averageScales(m.output(), leaves.size())) {
                scaled.add(s);
                learn(s.node().getOutput(0), apply(s, builder.layer(Layers.average()), in), form);
            }
        }
    }

    /** The layout shared by every input of merge {@code top}; refused when they differ. */
    private Form mergeForm(NodeContext top, List<String> leaves) throws UnsupportedOnnxException {
        Form form = forms.get(leaves.get(0));
        for (String l : leaves) {
            if (forms.get(l) != form) {
                throw index.refuse(top.describe() + " merges values in layouts " + leaves.stream().map(forms::get)
                        .toList() + "; a merge layer needs them all batch-major or all time-major");
            }
        }
        return form;
    }

    /**
     * A merge of a forward recurrent layer's sequence and, second, the same layer run backwards over
     * the same input with its sequence in input order (a reverse node, or ReverseSequence around a
     * forward one, as tf2onnx writes Bidirectional): one Bidirectional layer with the merge's mode.
     */
    private void bidirectional(NodeContext top, List<String> leaves) throws UnsupportedOnnxException {
        Applied fwd = leaves.size() == 2 ? lastLayer.get(leaves.get(0)) : null;
        Applied bwd = leaves.size() == 2 ? reverseHalves.get(leaves.get(1)) : null;
        var bwdConfig = bwd == null ? null : (dev.engram.layers.RecurrentLayerConfig) bwd.config();
        if (fwd == null || bwd == null || fwd.input() != bwd.input() || known.containsKey(leaves.get(1))
                || !fwd.config().equals(bwdConfig.withGoBackwards(false))) {
            throw index.refuse(top.describe() + " merges a reverse layer's sequence in input order; that maps only as "
                    + "the second of two inputs, the first being the same layer forward over the same input "
                    + "(a Bidirectional layer)");
        }
        Form form = mergeForm(top, leaves);
        var m = MergeMapping.bidirectional(index, top, fwd.input().shape().rank() + 1);
        Layer layer = builder.layer(Layers.bidirectional((dev.engram.layers.RecurrentLayerConfig) fwd.config(),
                m.merge()));
        SymbolicTensor t = apply(top, layer, fwd.input());
        Map<WeightKey, dev.engram.tensor.Tensor> w = new HashMap<>();
        fwd.weights().forEach((key, v) -> w.put(key.in(dev.engram.layers.Direction.FORWARD), v));
        bwd.weights().forEach((key, v) -> w.put(key.in(dev.engram.layers.Direction.BACKWARD), v));
        WeightKey.assign(layer, w, index);
        learn(m.output(), t, form);
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

    private SymbolicTensor apply(NodeContext at, Layer layer, SymbolicTensor... in) throws UnsupportedOnnxException {
        return applyAll(at, layer, in).get(0);
    }

    private List<SymbolicTensor> applyAll(NodeContext at, Layer layer, SymbolicTensor... in)
            throws UnsupportedOnnxException {
        try {
            return builder.applyAll(layer, in);
        } catch (IllegalArgumentException e) {
            throw index.refuse(at.describe() + ": " + e.getMessage());
        }
    }

    private void learn(String value, SymbolicTensor t, Form form) {
        if (known.putIfAbsent(value, t) == null) {
            forms.put(value, form);
            work.add(value);
        }
    }
}
