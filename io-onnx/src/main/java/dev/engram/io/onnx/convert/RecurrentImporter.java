package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.RecurrentPattern;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.Direction;
import dev.engram.layers.Layers;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts an LSTM, GRU or RNN node into an engine recurrent layer, or a concat-merged
 * Bidirectional one, with its weights (read and gate-reordered by {@link RecurrentPattern}), and
 * matches the output patterns particular to recurrent nodes: the Transpose and Reshape that
 * concat-merge a bidirectional node's two directions, and PyTorch's h_n (Concat of every layer's
 * Y_h, then Gather of the last).
 */
final class RecurrentImporter extends OnnxNodeImporter {
    /** The roles of RecurrentPattern's weights per direction, in its order. */
    static final List<WeightRole> RECURRENT_ROLES = List.of(WeightRole.KERNEL, WeightRole.RECURRENT_KERNEL,
            WeightRole.BIAS);

    RecurrentImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "LSTM, GRU, RNN (bidirectional with the concat merge: Transpose + Reshape; PyTorch's "
                + "h_n: Concat + Gather)",
                List.of("LSTM", "GRU", "RNN", "Reshape", "Concat"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        switch (n.opType()) {
            case "Reshape" -> {
                if (rows(n)) {
                    return;
                }
                if (chain.form == LayerChain.Form.IMAGE || chain.form == LayerChain.Form.VOLUME
                        || chain.form == LayerChain.Form.BATCH_SEQ && flattens(n)) {
                    ConvImporter.flatten(graph, chain, n); // Reshape [batch, -1] of an image: tf2onnx's Flatten
                } else if (chain.form == LayerChain.Form.IMAGE_TILED) {
                    new UpSamplingImporter(graph, chain).reshape(n); // the last step of an image's up-sampling
                } else {
                    biConcat(n);
                }
            }
            case "Concat" -> hiddenStates(n);
            default -> node(n);
        }
    }

    /**
     * Reshape of a batch-major sequence to rows {@code [-1, features]} or of rows back to {@code [-1, steps, width]}
     * (tf2onnx's Tensordot around a Dense on a sequence): the same memory, so the walk only changes form. False for
     * any other Reshape.
     */
    private boolean rows(NodeContext n) {
        var t = graph.constValue(n.node().getInput(1));
        long[] v = t == null || n.attrInt("allowzero", 0) != 0 ? null : t.longs();
        boolean plain = !chain.inputOrderReverse && !chain.reversedInput;
        if (v != null && plain && chain.form == LayerChain.Form.BATCH_SEQ && v.length == 2 && v[0] == -1
                && v[1] == chain.vecWidth() && chain.steps != 1) {
            chain.moveTo(n, LayerChain.Form.ROWS);
            return true;
        }
        if (v != null && plain && chain.form == LayerChain.Form.ROWS && v.length == 3 && v[0] == -1
                && v[1] == chain.steps && chain.steps > 0 && v[2] == chain.vecWidth()) {
            chain.denseOpen = chain.afterDense; // a bias Add or activation after it still folds into the Dense
            chain.moveTo(n, LayerChain.Form.BATCH_SEQ);
            return true;
        }
        return false;
    }

    /** True when Reshape {@code n} has a constant 2-D target: a Flatten candidate (ConvImporter checks the width). */
    private boolean flattens(NodeContext n) {
        var t = graph.constValue(n.node().getInput(1));
        return t != null && t.size() == 2;
    }

    /** The recurrent node {@code n} as the next layer; the walk goes on from its Y or Y_h. */
    private void node(NodeContext n) throws UnsupportedOnnxException {
        var initial = new java.util.ArrayList<String>();
        var p = RecurrentPattern.read(n, graph::constValue, v -> {
            String src = graph.isZero(v) || chain.stateSource == null ? null : chain.stateSource.apply(v);
            if (src != null) {
                initial.add(src);
            }
            return src != null || graph.isZero(v);
        }, graph::refuse);
        int stateCount = n.opType().equals("LSTM") ? 2 : 1;
        if (!initial.isEmpty() && (initial.size() != stateCount || p.bidirectional())) {
            throw graph.refuse(n.describe() + ": initial states map to layer inputs only for a single-direction node "
                    + "with all of its " + stateCount + " states given");
        }
        Form form = chain.form;
        if (p.layout() == 0 && form != Form.TIME_SEQ || p.layout() == 1 && form != Form.BATCH_SEQ) {
            throw graph.refuse(n.describe() + ": its input X is " + form + " but layout " + p.layout() + " expects "
                    + (p.layout() == 0 ? "time-major" : "batch-major")
                    + " data; the engine takes [batch, time, features]");
        }
        if (p.bidirectional() && p.layout() != 0) {
            throw graph.refuse(n.describe() + ": a bidirectional node maps only with layout 0");
        }
        List<String> outs = n.node().getOutputList();
        boolean useY = graph.used(outs, 0);
        // PyTorch's h_n of a stack is Concat(Y_h of every layer) then Gather: a side path while Y goes on.
        boolean useYh = graph.used(outs, 1) && !(useY && feedsHiddenConcat(outs.get(1)));
        boolean states = chain.sideOutputs != null && !p.bidirectional() && (graph.used(outs, 2) || useY && useYh
                || !useY && useYh && graph.consumers(outs.get(1)).size() > 1);
        List<List<String>> side = states ? stateValues(n, outs, p.layout()) : null;
        if (!states && (graph.used(outs, 2) || useY == useYh)) {
            throw graph.refuse(n.describe() + ": exactly one of Y and Y_h must be used (found Y " + useY + ", Y_h "
                    + useYh + ", Y_c " + graph.used(outs, 2) + ")");
        }
        boolean flipped = chain.reversedInput;
        if (flipped && (p.bidirectional() || p.config().goBackwards())) {
            throw graph.refuse(n.describe() + ": a " + (p.bidirectional() ? "bidirectional" : "reverse")
                    + " node over a time-flipped input has no engine layer");
        }
        chain.reversedInput = false;
        Map<WeightKey, Tensor> w = new HashMap<>();
        // A forward node over the time-flipped input is a goBackwards layer; its Y is in processing order, as the
        // engine returns it.
        RecurrentLayerConfig inner = (flipped ? p.config().withGoBackwards(true) : p.config())
                .withReturnSequences(useY).withReturnState(states);
        if (p.bidirectional()) {
            // The Bidirectional layer's parameters are the forward then the backward layer's.
            for (int d = 0; d < 2; d++) {
                put(w, p.weights().get(d), d == 0 ? Direction.FORWARD : Direction.BACKWARD);
            }
            String both = outs.get(useY ? 0 : 1);
            NodeContext merge = directionMerge(both, useY ? 1 : 0);
            BidirectionalMergeMode mode = BidirectionalMergeMode.CONCAT;
            String merged = null;
            String[] split = merge == null && chain.sideOutputs != null ? directionPicks(both, useY ? 1 : 0) : null;
            if (split != null) {
                // Merge mode none: the forward pick is followed, the backward one is the layer's second output.
                mode = BidirectionalMergeMode.NONE;
                merged = split[0];
                chain.sideForms.put(split[1], useY ? Form.TIME_SEQ : Form.VEC);
            }
            if (merge != null) {
                merged = merge.node().getOutput(0);
                NodeContext scale = merge.opType().equals("Add") ? graph.averageScale(merged, 2) : null;
                mode = merge.opType().equals("Mul") ? BidirectionalMergeMode.MUL
                        : scale != null ? BidirectionalMergeMode.AVE : BidirectionalMergeMode.SUM;
                merged = scale != null ? scale.node().getOutput(0) : merged;
            }
            chain.add(Layers.bidirectional(inner, mode), w, LayerChain.weightKey(n, graph));
            if (split != null) {
                chain.sideOutputs.put(chain.configs.size() - 1, List.of(List.of(split[1])));
            }
            chain.lstmIndex = -1;
            chain.inputOrderReverse = false;
            if (merged != null) {
                // Y [T, 2, B, H] or Y_h [2, B, H] picked per direction and merged: [T, B, H] or [B, H].
                chain.lstmLayout = p.layout();
                chain.cur = merged;
                chain.form = useY ? Form.TIME_SEQ : Form.VEC;
                return;
            }
        } else {
            put(w, p.weights().get(0), Direction.NONE);
            chain.add(inner, w, LayerChain.weightKey(n, graph));
            chain.lstmIndex = chain.configs.size() - 1;
            if (!initial.isEmpty()) {
                chain.stateInputs.put(chain.lstmIndex, initial);
            }
            if (states) {
                chain.sideOutputs.put(chain.lstmIndex, side);
                if (!useY) {
                    // The final state is the followed output: go on from one of its [batch, H] Squeezes.
                    chain.cur = side.get(0).remove(0); // followed by the walk, not learned as a side output
                    chain.form = Form.VEC;
                    chain.inputOrderReverse = false;
                    chain.lstmIndex = -1;
                    chain.lstmLayout = p.layout();
                    return;
                }
            }
            chain.inputOrderReverse = useY && p.config().goBackwards() && !flipped;
        }
        chain.lstmLayout = p.layout();
        chain.cur = outs.get(useY ? 0 : 1);
        chain.form = p.bidirectional() ? (useY ? Form.BI_Y : Form.BI_YH) : useY ? Form.LSTM_Y : Form.LSTM_YH;
    }

    /** One direction's weights, in RecurrentPattern's order (kernel, recurrentKernel, bias), by role. */
    private static void put(Map<WeightKey, Tensor> w, List<Tensor> direction, Direction d) {
        for (int i = 0; i < direction.size(); i++) {
            w.put(WeightKey.of(RECURRENT_ROLES.get(i)).in(d), direction.get(i));
        }
    }

    /**
     * The outputs of the two scalar Gathers (index 0, then 1) on {@code dirAxis} that are the only
     * readers of bidirectional output {@code both}, or null for another form.
     */
    private String[] directionPicks(String both, long dirAxis) throws UnsupportedOnnxException {
        List<NodeContext> cs = graph.dataConsumers(both);
        if (cs.size() != 2 || graph.isOutput(both)) {
            return null;
        }
        String[] picked = new String[2];
        for (NodeContext c : cs) {
            Value idx = c.opType().equals("Gather") ? graph.constValue(c.node().getInput(1)) : null;
            if (idx == null || idx.rank() != 0 || c.attrInt("axis", 0) != dirAxis || !c.node().getInput(0).equals(both)) {
                return null;
            }
            long i = idx.longs()[0];
            if (i < 0 || i > 1 || picked[(int) i] != null) {
                return null;
            }
            picked[(int) i] = c.node().getOutput(0);
        }
        return picked;
    }

    /**
     * The Add or Mul that merges the forward then the backward direction of bidirectional output
     * {@code both}, each picked by a scalar Gather on {@code dirAxis} (our exporter's sum/mul/ave
     * form; the backward Y is in input order, as Keras merges it), or null for another form.
     */
    private NodeContext directionMerge(String both, long dirAxis) throws UnsupportedOnnxException {
        String[] picked = directionPicks(both, dirAxis);
        if (picked == null) {
            return null;
        }
        List<NodeContext> f = graph.dataConsumers(picked[0]);
        List<NodeContext> b = graph.dataConsumers(picked[1]);
        if (f.size() != 1 || b.size() != 1 || f.get(0) != b.get(0) || graph.isOutput(picked[0])
                || graph.isOutput(picked[1])) {
            return null;
        }
        NodeContext m = f.get(0);
        boolean ordered = m.node().getInputCount() == 2 && m.node().getInput(0).equals(picked[0])
                && m.node().getInput(1).equals(picked[1]);
        return ordered && (m.opType().equals("Add") || m.opType().equals("Mul")) ? m : null;
    }

    /**
     * The values that carry node {@code n}'s returned states (engine outputs h, then c), each state read
     * only by Squeezes of its direction axis, each giving {@code [batch, H]} (the exporter's returnState
     * form writes one Squeeze per use); an empty list for a state not used.
     */
    private List<List<String>> stateValues(NodeContext n, List<String> outs, int layout)
            throws UnsupportedOnnxException {
        List<List<String>> side = new java.util.ArrayList<>();
        for (int o = 1; o < Math.min(outs.size(), n.opType().equals("LSTM") ? 3 : 2); o++) {
            List<String> aliases = new java.util.ArrayList<>();
            side.add(aliases);
            if (!graph.used(outs, o)) {
                continue;
            }
            String s = outs.get(o);
            for (NodeContext q : graph.consumers(s)) {
                long[] axes = !q.opType().equals("Squeeze") ? null : q.opset() < 13 ? q.attrInts("axes")
                        : q.node().getInputCount() > 1 ? graph.longs(q.node().getInput(1), q) : null;
                if (graph.isOutput(s) || axes == null || axes.length != 1
                        || (axes[0] < 0 ? axes[0] + 3 : axes[0]) != (layout == 0 ? 0 : 1)) {
                    throw graph.refuse(n.describe() + ": its state output '" + s + "' is used besides its main "
                            + "output; that maps (as returnState) only when Squeezes of the direction axis read it");
                }
                aliases.add(q.node().getOutput(0));
            }
        }
        return side;
    }

    /** The form after a Transpose of a bidirectional output that puts the direction axis next to H, or null. */
    static Form biTranspose(LayerChain chain, long[] perm) {
        if (perm == null) {
            return null;
        }
        if (chain.form == Form.BI_Y && Arrays.equals(perm, new long[] {0, 2, 1, 3})) {
            return Form.BI_TIME;
        }
        if (chain.form == Form.BI_Y && Arrays.equals(perm, new long[] {2, 0, 1, 3})) {
            return Form.BI_BATCH;
        }
        return chain.form == Form.BI_YH && Arrays.equals(perm, new long[] {1, 0, 2}) ? Form.BI_VEC : null;
    }

    /** Reshape merging [.., 2, H] into [.., 2H]: the concat merge of a Bidirectional layer (PyTorch's and ours). */
    private void biConcat(NodeContext n) throws UnsupportedOnnxException {
        Form form = chain.form;
        Value shape = graph.constValue(n.node().getInput(1));
        boolean bi = form == Form.BI_TIME || form == Form.BI_BATCH || form == Form.BI_VEC;
        int rank = form == Form.BI_VEC ? 2 : 3;
        if (!bi || shape == null || shape.size() != rank || n.attrInt("allowzero", 0) != 0) {
            throw graph.refuse(n.describe() + ": Reshape maps only as the concat merge [.., 2, H] -> [.., 2H] of a "
                    + "bidirectional node's output");
        }
        var last = (BidirectionalConfig) chain.configs.get(chain.configs.size() - 1);
        int units = ((RecurrentLayerConfig) last.layer()).units();
        long lastDim = shape.longs()[rank - 1];
        if (lastDim != -1 && lastDim != 2L * units) {
            throw graph.refuse(n.describe() + ": Reshape to " + Arrays.toString(shape.longs()) + " is not the "
                    + "concat merge of the two directions (last axis -1 or " + 2 * units + ")");
        }
        chain.moveTo(n, form == Form.BI_TIME ? Form.TIME_SEQ : form == Form.BI_BATCH ? Form.BATCH_SEQ : Form.VEC);
    }

    /** PyTorch's h_n: Concat of the layers' Y_h, then Gather of this (the last) layer's slot. */
    private void hiddenStates(NodeContext n) throws UnsupportedOnnxException {
        if (chain.form != Form.LSTM_YH || !feedsHiddenConcat(chain.cur)) {
            throw graph.refuse(n.describe() + ": Concat maps only as PyTorch's h_n (the Y_h of every layer on axis 0, "
                    + "then a Gather of the last one)");
        }
        int offset = 0;
        int total = 0;
        for (String in : n.node().getInputList()) {
            int dirs = graph.constValue(graph.producer(in).node().getInput(1)).dim(0);
            if (in.equals(chain.cur)) {
                offset = total;
            }
            total += dirs;
        }
        List<NodeContext> next = graph.dataConsumers(n.node().getOutput(0));
        NodeContext g = next.size() == 1 ? next.get(0) : null;
        Value idx = g != null && g.opType().equals("Gather") ? graph.constValue(g.node().getInput(1)) : null;
        long i = idx != null && idx.rank() == 0 ? idx.longs()[0] : Long.MIN_VALUE;
        if (g == null || g.attrInt("axis", 0) != 0 || i < 0 && i + total != offset || i >= 0 && i != offset) {
            throw graph.refuse(n.describe() + ": h_n maps to layers only when a scalar Gather on axis 0 picks the last "
                    + "layer's state");
        }
        chain.moveTo(g, Form.VEC);
        chain.lstmIndex = -1;
    }

    /** True when {@code yh} feeds only a Concat on axis 0 of recurrent Y_h outputs (PyTorch's h_n). */
    private boolean feedsHiddenConcat(String yh) {
        List<NodeContext> cs = graph.consumers(yh);
        if (cs.size() != 1 || !cs.get(0).opType().equals("Concat") || cs.get(0).attrInt("axis", 0) != 0) {
            return false;
        }
        for (String in : cs.get(0).node().getInputList()) {
            NodeContext p = graph.producer(in);
            if (p == null || !ConversionGraph.RECURRENT_OPS.contains(p.opType()) || !in.equals(p.node().getOutput(1))) {
                return false;
            }
        }
        return true;
    }
}
