package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Layers;
import java.util.List;
import java.util.Map;

/**
 * Pooling over time: GlobalAveragePool / GlobalMaxPool of a sequence transposed to channels-first,
 * and ReduceMean / ReduceMax over the time axis alone, as a GlobalAverage/MaxPooling1D layer that
 * ignores the mask (ONNX pooling has none).
 */
final class PoolingImporter extends OnnxNodeImporter {
    PoolingImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "GlobalAveragePool/GlobalMaxPool and ReduceMean/ReduceMax over time",
                List.of("GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceMax"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        if (n.opType().startsWith("Global")) {
            globalPool(n);
        } else {
            reducePool(n);
        }
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
        if (time < 0 || axes == null || axes.length != 1 || LayerChain.nonNegative(axes[0], 3) != time) {
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
}
