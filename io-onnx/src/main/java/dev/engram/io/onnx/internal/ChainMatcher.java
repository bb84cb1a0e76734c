package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.internal.LayerChain.Form;
import dev.engram.layers.Layers;
import dev.engram.layers.RecurrentLayerConfig;
import java.util.List;
import java.util.Map;

/**
 * Follows the data path one node at a time, requiring a chain (each value read by exactly one
 * node, shape-only readers aside), and matches each node to a step: recurrent nodes and their
 * merges go to {@link RecurrentStep}, Gemm, MatMul(+Add) and activations to {@link DenseStep};
 * layout changes (Transpose, Squeeze), the last step of a sequence (Gather, or Slice then Squeeze),
 * the time flip of a reverse layer, Identity and Dropout are handled here. Anything else is refused.
 */
final class ChainMatcher {
    private final ConversionGraph graph;
    private final LayerChain chain;
    private final RecurrentStep recurrent;
    private final DenseStep dense;
    private final ShapeOnlyStep shapes;

    ChainMatcher(ConversionGraph graph, LayerChain chain) {
        this.graph = graph;
        this.chain = chain;
        this.recurrent = new RecurrentStep(graph, chain);
        this.dense = new DenseStep(graph, chain);
        this.shapes = new ShapeOnlyStep(graph, chain);
    }

    /**
     * Steps into {@code first} (a reader of the value the walk stands on), then along the chain until
     * {@code stop} holds for the value the walk stands on: one linear segment of a branching graph.
     */
    void walkFrom(NodeContext first, java.util.function.Predicate<String> stop) throws UnsupportedOnnxException {
        if (!first.node().getInput(0).equals(chain.cur)) {
            throw graph.refuse(first.describe() + " takes '" + chain.cur + "' as a non-data input");
        }
        step(first);
        while (!stop.test(chain.cur)) {
            step(next());
        }
    }

    /** Steps along the chain until the walk stands on {@code output} and no node reads it further. */
    void walkTo(String output) throws UnsupportedOnnxException {
        while (!chain.cur.equals(output) || graph.hasDataConsumer(chain.cur)) {
            step(next());
        }
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
        if (!n.node().getInput(0).equals(cur) && !(n.opType().equals("Concat") && chain.form == Form.LSTM_YH)) {
            throw graph.refuse(n.describe() + " takes '" + cur + "' as a non-data input");
        }
        return n;
    }

    private void step(NodeContext n) throws UnsupportedOnnxException {
        boolean wasDense = chain.denseOpen;
        chain.denseOpen = false;
        if (chain.reversedInput && !List.of("LSTM", "GRU", "RNN", "ReverseSequence", "Identity", "Dropout",
                "Transpose", "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceMax").contains(n.opType())) {
            throw graph.refuse(n.describe() + " reads a time-flipped sequence; only a recurrent node (as goBackwards) "
                    + "or a flip back maps to layers");
        }
        if (shapes.applies(n)) {
            shapes.apply(n);
            return;
        }
        switch (n.opType()) {
            case "Identity", "Dropout" -> {
                chain.denseOpen = wasDense;
                chain.moveTo(n, chain.form);
            }
            case "Transpose" -> transpose(n);
            case "LSTM", "GRU", "RNN" -> recurrent.node(n);
            case "Reshape" -> recurrent.biConcat(n);
            case "Concat" -> recurrent.hiddenStates(n);
            case "Squeeze" -> squeeze(n);
            case "Gather" -> gather(n);
            case "Slice" -> slice(n);
            case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(n);
            case "ReduceMean", "ReduceMax" -> reducePool(n);
            case "ReverseSequence" -> reverseSequence(n);
            case "Gemm" -> dense.gemm(n);
            case "MatMul" -> dense.matmul(n);
            default -> {
                if (!LayerImport.ACTIVATION_OPS.contains(n.opType())) {
                    throw graph.refuse(n.describe() + " has no engine layer equivalent; the converter maps LSTM, GRU, "
                            + "RNN (bidirectional with the concat merge), Gemm, MatMul(+Add), GlobalAveragePool/GlobalMaxPool "
                            + "and ReduceMean/ReduceMax over time, ReverseSequence of whole sequences, " + LayerImport.ACTIVATION_OPS + " after a dense layer, Transpose, "
                            + "Squeeze, Gather (last step), Slice (time flip), Identity and Dropout");
                }
                dense.activation(n, wasDense);
            }
        }
    }

    private void transpose(NodeContext n) throws UnsupportedOnnxException {
        long[] perm = n.attrInts("perm");
        boolean swap = perm != null && perm.length == 3 && perm[0] == 1 && perm[1] == 0 && perm[2] == 2;
        Form bi = recurrent.biTranspose(perm);
        if (bi != null) {
            chain.moveTo(n, bi);
            return;
        }
        Form form = chain.form;
        if (perm != null && perm.length == 3 && perm[2] != 2 && (form == Form.BATCH_SEQ && perm[0] == 0 && perm[1] == 2
                || form == Form.TIME_SEQ && perm[0] == 1 && perm[1] == 2)) {
            // [batch, features, time]: the channels-first layout before tf2onnx's GlobalAveragePool/GlobalMaxPool.
            chain.moveTo(n, Form.CHANNEL_SEQ);
            return;
        }
        if (!swap || form != Form.BATCH_SEQ && form != Form.TIME_SEQ) {
            throw graph.refuse(n.describe() + ": only Transpose perm [1, 0, 2] of a sequence (or of a bidirectional "
                    + "node's Y / Y_h that moves the direction axis next to the features) maps to layers");
        }
        chain.moveTo(n, form == Form.BATCH_SEQ ? Form.TIME_SEQ : Form.BATCH_SEQ);
    }

    private void squeeze(NodeContext n) throws UnsupportedOnnxException {
        long[] axes = squeezeAxes(n);
        if (chain.form == Form.LAST_STEP) {
            if (axes == null || axes.length != 1 || nonNegative(axes[0], 3) != chain.lastStepAxis) {
                throw graph.refuse(n.describe() + ": after the last-step Slice only a Squeeze of the time axis "
                        + chain.lastStepAxis + " maps to layers");
            }
            // Y[-1:] squeezed is the final output of a forward LSTM: returnSequences = false.
            chain.endSequenceAt(n);
            return;
        }
        long axis = axes != null && axes.length == 1 ? nonNegative(axes[0], chain.form == Form.LSTM_Y ? 4 : 3) : -1;
        int layout = chain.lstmLayout;
        if (chain.form == Form.LSTM_Y && axis == (layout == 0 ? 1 : 2)) {
            chain.moveTo(n, layout == 0 ? Form.TIME_SEQ : Form.BATCH_SEQ);
        } else if (chain.form == Form.LSTM_YH && axis == layout) {
            chain.moveTo(n, Form.VEC);
            chain.lstmIndex = -1;
        } else {
            throw graph.refuse(n.describe() + ": Squeeze maps only on an LSTM's Y (direction axis) or Y_h (direction "
                    + "axis)");
        }
    }

    /** Squeeze's axes: an input from opset 13, an attribute before; null when absent. */
    private long[] squeezeAxes(NodeContext n) throws UnsupportedOnnxException {
        if (n.opset() < 13) {
            return n.attrInts("axes");
        }
        return n.node().getInputCount() > 1 ? graph.longs(n.node().getInput(1), n) : null;
    }

    private void gather(NodeContext n) throws UnsupportedOnnxException {
        long[] idx = graph.longs(n.node().getInput(1), n);
        long axis = n.attrInt("axis", 0);
        Form form = chain.form;
        boolean timeAxis = form == Form.BATCH_SEQ && axis == 1 || form == Form.TIME_SEQ && axis == 0;
        if (idx.length == 1 && idx[0] == -1 && timeAxis && chain.lstmIndex >= 0 && !chain.inputOrderReverse
                && !((RecurrentLayerConfig) chain.configs.get(chain.lstmIndex)).goBackwards()
                && graph.constValue(n.node().getInput(1)).rank() == 0) {
            // The last step of a forward layer's sequence is its final output: returnSequences = false.
            chain.endSequenceAt(n);
            return;
        }
        throw graph.refuse(n.describe() + ": Gather maps only as the last time step (index -1, scalar) of a forward "
                + "LSTM's output sequence");
    }

    private void slice(NodeContext n) throws UnsupportedOnnxException {
        var in = n.node().getInputList();
        long[] starts = in.size() > 1 ? graph.longs(in.get(1), n) : new long[0];
        long[] ends = in.size() > 2 ? graph.longs(in.get(2), n) : new long[0];
        long[] axes = in.size() > 3 && !in.get(3).isEmpty() ? graph.longs(in.get(3), n) : new long[] {0};
        long[] steps = in.size() > 4 && !in.get(4).isEmpty() ? graph.longs(in.get(4), n) : new long[] {1};
        Form form = chain.form;
        long timeAxis = form == Form.TIME_SEQ ? 0 : 1;
        boolean flip = starts.length == 1 && starts[0] == -1 && ends.length == 1 && ends[0] <= -Integer.MAX_VALUE
                && axes.length == 1 && axes[0] == timeAxis && steps.length == 1 && steps[0] == -1;
        // ONNX Slice clamps ends to the dimension, so any end >= INT_MAX means "to the end" for every length.
        boolean lastStep = starts.length == 1 && starts[0] == -1 && ends.length == 1 && ends[0] >= Integer.MAX_VALUE
                && axes.length == 1 && nonNegative(axes[0], 3) == timeAxis && steps.length == 1 && steps[0] == 1;
        if (lastStep && chain.lstmIndex >= 0 && !chain.inputOrderReverse
                && (form == Form.TIME_SEQ || form == Form.BATCH_SEQ)
                && chain.configs.get(chain.lstmIndex) instanceof RecurrentLayerConfig r && !r.goBackwards()) {
            chain.lastStepAxis = timeAxis;
            chain.moveTo(n, Form.LAST_STEP);
            return;
        }
        if (!flip || !chain.inputOrderReverse || form != Form.TIME_SEQ && form != Form.BATCH_SEQ) {
            throw graph.refuse(n.describe() + ": Slice maps only as a full time flip of a reverse LSTM's sequence, or "
                    + "as the last step [-1:] of a forward LSTM's sequence followed by a Squeeze of the time axis");
        }
        chain.inputOrderReverse = false;
        chain.moveTo(n, form);
    }

    /** GlobalAveragePool / GlobalMaxPool of a channels-first sequence: pooling over time, kept as size 1. */
    private void globalPool(NodeContext n) throws UnsupportedOnnxException {
        if (chain.form != Form.CHANNEL_SEQ) {
            throw graph.refuse(n.describe() + ": a global pool maps to a pooling layer only on a sequence transposed "
                    + "to [batch, features, time]; here it would pool over " + chain.form);
        }
        pool(n, n.opType().equals("GlobalAveragePool"), true);
    }

    /** ReduceMean / ReduceMax over the time axis of a sequence alone: global pooling over time. */
    private void reducePool(NodeContext n) throws UnsupportedOnnxException {
        Form form = chain.form;
        long time = form == Form.BATCH_SEQ ? 1 : form == Form.TIME_SEQ ? 0 : form == Form.CHANNEL_SEQ ? 2 : -1;
        long[] axes = n.opset() < 18 ? n.attrInts("axes")
                : n.node().getInputCount() > 1 && !n.node().getInput(1).isEmpty() ? graph.longs(n.node().getInput(1), n)
                : null;
        if (time < 0 || axes == null || axes.length != 1 || nonNegative(axes[0], 3) != time) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a pooling layer only over the time axis "
                    + "alone of a sequence");
        }
        pool(n, n.opType().equals("ReduceMean"), n.attrInt("keepdims", 1) != 0);
    }

    private void pool(NodeContext n, boolean average, boolean keepdims) {
        long w = chain.vecWidth();
        long[] kept = switch (chain.form) {
            case BATCH_SEQ -> new long[] {ShapeOnlyStep.BATCH, 1, w};
            case TIME_SEQ -> new long[] {1, ShapeOnlyStep.BATCH, w};
            default -> new long[] {ShapeOnlyStep.BATCH, w, 1};
        };
        // A mean or max over all steps does not depend on their order: a reversed sequence pools the same.
        chain.inputOrderReverse = false;
        chain.reversedInput = false;
        // ONNX pooling has no mask: the layer ignores one, whatever precedes it later.
        var layer = average ? Layers.globalAveragePooling1d() : Layers.globalMaxPooling1d();
        chain.add(layer.withUseMask(false), Map.of(), "");
        chain.lstmIndex = -1;
        chain.vecShape = kept;
        chain.shapedSequence = false;
        chain.moveTo(n, keepdims ? Form.SHAPED_VEC : Form.VEC);
    }

    /**
     * ReverseSequence of whole sequences (every length the known step count, or the data's own time
     * length read from its shape) is a time flip: of the
     * graph's input before a forward layer, which makes that layer goBackwards (tf2onnx's form of
     * {@code go_backwards}, whose output is in processing order as the engine's); of a reverse layer's
     * sequence back to processing order; or of a goBackwards layer's sequence, into input order.
     */
    private void reverseSequence(NodeContext n) throws UnsupportedOnnxException {
        Form form = chain.form;
        long time = n.attrInt("time_axis", 0);
        long batch = n.attrInt("batch_axis", 1);
        boolean axesMatch = form == Form.BATCH_SEQ && time == 1 && batch == 0 || form == Form.TIME_SEQ && time == 0
                && batch == 1;
        if (!axesMatch || !wholeSequences(n.node().getInput(1)) && !lengthOf(n.node().getInput(1), n.node().getInput(0),
                time)) {
            throw graph.refuse(n.describe() + ": ReverseSequence maps only as a time flip of a sequence on its time "
                    + "axis with every sequence_lens the known number of steps (" + (chain.steps < 0 ? "unknown here"
                    : chain.steps) + ")");
        }
        if (chain.lstmIndex >= 0 && !chain.inputOrderReverse) {
            var r = (RecurrentLayerConfig) chain.configs.get(chain.lstmIndex);
            if (!r.goBackwards()) {
                throw graph.refuse(n.describe() + ": the time flip of a forward layer's sequence has no engine layer");
            }
            chain.inputOrderReverse = true;
        } else if (chain.inputOrderReverse) {
            chain.inputOrderReverse = false;
        } else {
            chain.reversedInput = !chain.reversedInput;
        }
        chain.moveTo(n, form);
    }

    /** True when {@code lens} is a constant (or an Expand of one) whose every value is the known step count. */
    private boolean wholeSequences(String lens) {
        Value v = graph.constValue(lens);
        NodeContext p = graph.producer(lens);
        if (v == null && p != null && p.opType().equals("Expand")) {
            v = graph.constValue(p.node().getInput(0));
        }
        if (v == null || chain.steps < 0) {
            return false;
        }
        for (long l : v.longs()) {
            if (l != chain.steps) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code lens} is the length of {@code data}'s time axis for every sample, computed from
     * its shape: {@code Gather(Shape(data), time)} through Cast, Squeeze, Unsqueeze, Reshape, Identity,
     * Expand or Tile (the form of a dynamic length), whatever the step count.
     */
    private boolean lengthOf(String lens, String data, long time) {
        NodeContext p = graph.producer(lens);
        for (int guard = 0; p != null && guard < 16; guard++) {
            switch (p.opType()) {
                case "Cast", "Squeeze", "Unsqueeze", "Reshape", "Identity", "Expand", "Tile" ->
                        p = graph.producer(p.node().getInput(0));
                case "Gather" -> {
                    NodeContext shape = graph.producer(p.node().getInput(0));
                    Value idx = graph.constValue(p.node().getInput(1));
                    return shape != null && shape.opType().equals("Shape") && shape.node().getInput(0).equals(data)
                            && shape.attrInt("start", 0) == 0 && idx != null && idx.size() == 1
                            && idx.longs()[0] == time && p.attrInt("axis", 0) == 0;
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    /** A possibly negative axis of a rank-{@code rank} value, counted from the front. */
    private static long nonNegative(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }
}
