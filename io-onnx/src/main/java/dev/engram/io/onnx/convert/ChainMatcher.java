package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import java.util.List;
import java.util.Map;

/**
 * Follows the data path one node at a time, requiring a chain (each value read by exactly one
 * node, shape-only readers aside), and hands each node to the {@link OnnxNodeImporter} registered
 * for its op type in {@link OnnxImporters} (runs of shape-only nodes on a vector go to
 * {@link ShapeOnlyStep} first). A node no importer takes is refused, with the registry's list.
 */
final class ChainMatcher {
    /** The ops that may read a time-flipped input sequence. */
    private static final List<String> READS_REVERSED = List.of("LSTM", "GRU", "RNN", "ReverseSequence", "Identity",
            "Dropout", "Transpose", "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceMax");

    private final ConversionGraph graph;
    private final LayerChain chain;
    private final Map<String, OnnxNodeImporter> importers;
    private final ShapeOnlyStep shapes;

    ChainMatcher(ConversionGraph graph, LayerChain chain) {
        this.graph = graph;
        this.chain = chain;
        this.importers = OnnxImporters.forWalk(graph, chain);
        this.shapes = new ShapeOnlyStep(graph, chain);
    }

    /**
     * Steps into {@code first} (a reader of the value the walk stands on), then along the chain until
     * {@code stop} holds for the value the walk stands on: one linear segment of a branching graph.
     */
    void walkFrom(NodeContext first, java.util.function.Predicate<String> stop) throws UnsupportedOnnxException {
        if (!region()) {
            refuseLoops(first);
            if (!first.node().getInput(0).equals(chain.cur) && !EmbeddingImport.readsCur(chain, first)) {
                throw graph.refuse(first.describe() + " takes '" + chain.cur + "' as a non-data input");
            }
            step(first);
        }
        while (!stop.test(chain.cur)) {
            if (!region()) {
                step(next());
            }
        }
    }

    /** Steps along the chain until the walk stands on {@code output} and no node reads it further. */
    void walkTo(String output) throws UnsupportedOnnxException {
        while (!chain.cur.equals(output) || graph.hasDataConsumer(chain.cur)) {
            if (!region()) {
                step(next());
            }
        }
    }

    /**
     * An activation written as several element-wise nodes on the value followed ({@link ActivationRegion}): the first
     * folds into the Dense or convolution whose raw output it reads, the rest are Activation layers. False when there
     * is none here.
     */
    private boolean region() {
        if (!ActivationRegion.elementwiseForm(chain)) {
            return false;
        }
        ActivationRegion.Match m = ActivationRegion.at(graph, chain.cur);
        if (m == null) {
            return false;
        }
        List<dev.engram.layers.LayerConfig> configs = chain.configs;
        int last = configs.size() - 1;
        boolean fold = chain.denseOpen && last >= 0 && dev.engram.activations.Activations.linear().equals(
                ConvImporter.activation(configs.get(last)));
        for (int i = 0; i < m.activations().size(); i++) {
            if (i == 0 && fold) {
                configs.set(last, ConvImporter.withActivation(configs.get(last), m.activations().get(0)));
            } else {
                chain.add(dev.engram.layers.Layers.activation(m.activations().get(i)), Map.of(), "");
            }
        }
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(m.exit(), chain.form);
        return true;
    }

    private NodeContext next() throws UnsupportedOnnxException {
        String cur = chain.cur;
        List<NodeContext> cs = graph.dataConsumers(cur);
        if (cs.size() != 1) {
            throw graph.refuse(cs.isEmpty() ? "value '" + cur + "' is not the graph output but feeds no layer"
                    : "value '" + cur + "' feeds " + cs.size() + " nodes " + cs.stream().map(NodeContext::describe)
                            .toList() + "; only chains map to a Sequential model");
        }
        NodeContext n = cs.get(0);
        refuseLoops(n);
        if (!n.node().getInput(0).equals(cur) && !(n.opType().equals("Concat") && chain.form == Form.LSTM_YH)
                && !EmbeddingImport.readsCur(chain, n)) {
            throw graph.refuse(n.describe() + " takes '" + cur + "' as a non-data input");
        }
        return n;
    }

    /** A Loop on the data path: tf2onnx's form of a recurrent layer it could not fuse; refused with that reason. */
    private void refuseLoops(NodeContext n) throws UnsupportedOnnxException {
        if (n.opType().equals("Loop")) {
            throw graph.refuse(n.describe() + ": a Loop (tf2onnx's form of a recurrent layer it cannot write as "
                    + "LSTM/GRU/RNN: SimpleRNN, no bias, recurrent_dropout, other activations, or a mask) has no layer "
                    + "form (OnnxModel.predict runs it)");
        }
    }

    /** True when a Loop reads {@code n}'s output, directly or through other nodes (a bounded search). */
    private boolean reachesLoop(NodeContext n) {
        java.util.ArrayDeque<NodeContext> todo = new java.util.ArrayDeque<>(List.of(n));
        java.util.Set<NodeContext> seen = new java.util.HashSet<>();
        while (!todo.isEmpty() && seen.size() < 200) {
            NodeContext c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c.opType().equals("Loop") || c.opType().equals("Scan")) {
                return true;
            }
            for (String o : c.node().getOutputList()) {
                todo.addAll(graph.consumers(o));
            }
        }
        return false;
    }

    private void step(NodeContext n) throws UnsupportedOnnxException {
        chain.afterDense = chain.denseOpen;
        chain.denseOpen = false;
        if (chain.reversedInput && !READS_REVERSED.contains(n.opType())) {
            throw graph.refuse(n.describe() + " reads a time-flipped sequence; only a recurrent node (as goBackwards) "
                    + "or a flip back maps to layers");
        }
        // Engram's GroupNormalization export starts with a Reshape that a shape-only run would otherwise take.
        if (n.opType().equals("Reshape") && GroupNormImporter.startsPattern(graph, n)) {
            ((GroupNormImporter) importers.get("GroupNormalization")).pattern(n);
            return;
        }
        // So does TF's (tf2onnx's) moments form, once GraphFolding has made its shapes constants.
        if (n.opType().equals("Reshape") && GroupNormMoments.startsPattern(graph, n)) {
            ((GroupNormImporter) importers.get("GroupNormalization")).moments(n);
            return;
        }
        // Shape-only runs are matched by the walk's state, not by op type, so they go first.
        if (shapes.applies(n)) {
            shapes.apply(n);
            return;
        }
        OnnxNodeImporter importer = importers.get(n.opType());
        if (importer == null && reachesLoop(n)) {
            throw graph.refuse(n.describe() + " computes a value a Loop reads (the mask of a masked sequence: Embedding "
                    + "mask_zero or Masking, which tf2onnx runs step by step in a Loop); masked recurrent Loops have no "
                    + "layer form (OnnxModel.predict runs them)");
        }
        if (importer == null) {
            throw graph.refuse(n.describe() + " has no engine layer equivalent; the converter maps "
                    + OnnxImporters.supported());
        }
        try {
            importer.apply(n);
        } catch (IllegalArgumentException e) {
            // an engine layer config refusing a value from the file (a NaN slope, a zero size): a refusal
            // naming the node, like every other reason a node does not map
            throw graph.refuse(n.describe() + ": " + e.getMessage());
        }
    }
}
