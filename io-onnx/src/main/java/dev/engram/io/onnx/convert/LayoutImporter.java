package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Layers;
import dev.engram.layers.RecurrentLayerConfig;
import java.util.List;
import java.util.Map;

/**
 * Nodes that change only the layout or the time order of the value followed: Identity and Dropout
 * (pass through), Transpose of batch and time (or of a bidirectional output's direction axis, or a
 * channels-last image to ONNX's NCHW and back around a Conv), Squeeze
 * of a recurrent output's direction axis, the last step of a forward layer's sequence (Gather, or
 * Slice then Squeeze), the time flip of a reverse layer's sequence, a Slice of the time axis from both
 * ends (Cropping1D) or of an image's rows and columns (Cropping2D, {@link ImageEdges}), and
 * ReverseSequence of whole sequences (a goBackwards layer, or the flip back).
 */
final class LayoutImporter extends OnnxNodeImporter {
    LayoutImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "Transpose, Squeeze, Gather (last step), Slice (time flip, Cropping1D/2D), "
                + "ReverseSequence of whole sequences, Identity and Dropout",
                List.of("Identity", "Dropout", "Transpose", "Squeeze", "Gather", "Slice", "ReverseSequence"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        switch (n.opType()) {
            case "Identity", "Dropout" -> {
                chain.denseOpen = chain.afterDense;
                chain.moveTo(n, chain.form);
            }
            case "Transpose" -> transpose(n);
            case "Squeeze" -> squeeze(n);
            case "Gather" -> {
                if (chain.form == Form.IDS) {
                    EmbeddingImport.embedding(graph, chain, n);
                } else {
                    gather(n);
                }
            }
            case "Slice" -> slice(n);
            default -> reverseSequence(n);
        }
    }

    private void transpose(NodeContext n) throws UnsupportedOnnxException {
        long[] perm = n.attrInts("perm");
        boolean swap = perm != null && perm.length == 3 && perm[0] == 1 && perm[1] == 0 && perm[2] == 2;
        Form bi = RecurrentImporter.biTranspose(chain, perm);
        if (bi != null) {
            chain.moveTo(n, bi);
            return;
        }
        Form form = chain.form;
        Form volume = VolumeConv.transposed(chain, perm);
        if (volume != null) {
            chain.denseOpen = chain.afterDense;
            chain.moveTo(n, volume);
            return;
        }
        if (ConvImporter.imageTranspose(chain, perm)) {
            chain.denseOpen = chain.afterDense;
            chain.moveTo(n, form == Form.IMAGE ? Form.IMAGE_NCHW : Form.IMAGE);
            return;
        }
        if (perm != null && perm.length == 3 && perm[2] != 2 && (form == Form.BATCH_SEQ && perm[0] == 0 && perm[1] == 2
                || form == Form.TIME_SEQ && perm[0] == 1 && perm[1] == 2)) {
            // [batch, features, time]: the channels-first layout before tf2onnx's GlobalAveragePool/GlobalMaxPool.
            chain.moveTo(n, Form.CHANNEL_SEQ);
            return;
        }
        if (form == Form.CHANNEL_SEQ && perm != null && perm.length == 3 && perm[0] == 0 && perm[1] == 2
                && perm[2] == 1) {
            // Back to [batch, time, features] after a window pool or a Conv1DTranspose of the channels-first
            // sequence; an activation after it still folds into that layer (element-wise, so the order is moot).
            chain.denseOpen = chain.afterDense;
            chain.moveTo(n, Form.BATCH_SEQ);
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
            if (axes == null || axes.length != 1 || LayerChain.nonNegative(axes[0], 3) != chain.lastStepAxis) {
                throw graph.refuse(n.describe() + ": after the last-step Slice only a Squeeze of the time axis "
                        + chain.lastStepAxis + " maps to layers");
            }
            // Y[-1:] squeezed is the final output of a forward LSTM: returnSequences = false.
            chain.endSequenceAt(n);
            return;
        }
        long axis = axes != null && axes.length == 1
                ? LayerChain.nonNegative(axes[0], chain.form == Form.LSTM_Y ? 4 : 3) : -1;
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
        if (ImageEdges.onImage(chain)) {
            // Slice's defaults: the first starts.length axes, every step 1.
            long[] all = java.util.stream.LongStream.range(0, starts.length).toArray();
            long[] ones = java.util.stream.LongStream.range(0, starts.length).map(a -> 1).toArray();
            ImageEdges.crop(graph, chain, n, starts, ends, in.size() > 3 && !in.get(3).isEmpty() ? axes : all,
                    in.size() > 4 && !in.get(4).isEmpty() ? steps : ones);
            return;
        }
        Form form = chain.form;
        long timeAxis = form == Form.TIME_SEQ ? 0 : 1;
        boolean flip = starts.length == 1 && starts[0] == -1 && ends.length == 1 && ends[0] <= -Integer.MAX_VALUE
                && axes.length == 1 && axes[0] == timeAxis && steps.length == 1 && steps[0] == -1;
        // ONNX Slice clamps ends to the dimension, so any end >= INT_MAX means "to the end" for every length.
        boolean lastStep = starts.length == 1 && starts[0] == -1 && ends.length == 1 && ends[0] >= Integer.MAX_VALUE
                && axes.length == 1 && LayerChain.nonNegative(axes[0], 3) == timeAxis && steps.length == 1
                && steps[0] == 1;
        if (lastStep && chain.lstmIndex >= 0 && !chain.inputOrderReverse
                && (form == Form.TIME_SEQ || form == Form.BATCH_SEQ)
                && chain.configs.get(chain.lstmIndex) instanceof RecurrentLayerConfig r && !r.goBackwards()) {
            chain.lastStepAxis = timeAxis;
            chain.moveTo(n, Form.LAST_STEP);
            return;
        }
        boolean crop = form == Form.BATCH_SEQ && starts.length == 1 && starts[0] >= 0 && ends.length == 1
                && (ends[0] < 0 || ends[0] >= Integer.MAX_VALUE) && axes.length == 1 && axes[0] == 1
                && steps.length == 1 && steps[0] == 1 && !chain.inputOrderReverse;
        if (crop) {
            // A slice of the time axis from both ends: Cropping1D (Engram's own export of it).
            chain.add(Layers.cropping1d((int) starts[0], ends[0] < 0 ? (int) -ends[0] : 0), Map.of(), "");
            chain.lstmIndex = -1;
            chain.moveTo(n, form);
            return;
        }
        if (!flip || !chain.inputOrderReverse || form != Form.TIME_SEQ && form != Form.BATCH_SEQ) {
            throw graph.refuse(n.describe() + ": Slice maps only as a full time flip of a reverse LSTM's sequence, or "
                    + "as the last step [-1:] of a forward LSTM's sequence followed by a Squeeze of the time axis");
        }
        chain.inputOrderReverse = false;
        chain.moveTo(n, form);
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
}
