package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.DataFormat;
import dev.engram.layers.GlobalSpatialPoolingConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.PoolingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Global pooling, dispatched by the layout of the value followed (the registry keys one importer per
 * op). Over time: GlobalAveragePool / GlobalMaxPool of a sequence transposed to channels-first, and
 * ReduceMean / ReduceMax over the time axis alone, as a GlobalAverage/MaxPooling1D layer that ignores
 * the mask (ONNX pooling has none). Over an image: ReduceMean / ReduceMax over exactly the two spatial
 * axes (Engram's export and tf2onnx's, in the model's own layout or, after tf2onnx's transpose
 * optimiser, axes [2, 3] of a channels-last image transposed to NCHW), and GlobalAveragePool /
 * GlobalMaxPool of an NCHW image, as a GlobalAverage/MaxPooling2D layer; keepdims 1 keeps the layer's
 * size-1 axes in the model's own layout, and as a {@code [batch, C]} vector with size-1 axes around it
 * on the NCHW side.
 */
final class PoolingImporter extends OnnxNodeImporter {
    PoolingImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "GlobalAveragePool/GlobalMaxPool and ReduceMean/ReduceMax over time or over an image's"
                + " rows and columns",
                List.of("GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceMax"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        if (chain.form == Form.IMAGE || chain.form == Form.IMAGE_NCHW) {
            imagePool(n);
        } else if (n.opType().startsWith("Global")) {
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
        long[] axes = axes(n);
        if (time < 0 || axes == null || axes.length != 1 || LayerChain.nonNegative(axes[0], 3) != time) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a pooling layer only over the time axis "
                    + "alone of a sequence");
        }
        pool(n, n.opType().equals("ReduceMean"), n.attrInt("keepdims", 1) != 0);
    }

    /** The axes of a ReduceMean / ReduceMax: an attribute before opset 18, an input from it; null for all. */
    private long[] axes(NodeContext n) throws UnsupportedOnnxException {
        return n.opset() < 18 ? n.attrInts("axes")
                : n.node().getInputCount() > 1 && !n.node().getInput(1).isEmpty() ? graph.longs(n.node().getInput(1), n)
                : null;
    }

    /**
     * Global pooling of an image over its rows and columns. In the model's own layout the pooled axes
     * are where the layer pools (1, 2 channels-last; 2, 3 channels-first); a channels-last image
     * transposed to NCHW pools axes 2, 3 and its result is the layer's {@code [batch, C]}, with
     * keepdims the vector {@code [batch, C, 1, 1]} that only Squeeze, Flatten or Reshape may follow.
     */
    private void imagePool(NodeContext n) throws UnsupportedOnnxException {
        boolean nchw = chain.form == Form.IMAGE_NCHW;
        DataFormat format = nchw ? DataFormat.CHANNELS_LAST : chain.imageFormat;
        boolean global = n.opType().startsWith("Global");
        boolean keepdims = global || n.attrInt("keepdims", 1) != 0;
        long[] expected = nchw || format == DataFormat.CHANNELS_FIRST ? new long[] {2, 3} : new long[] {1, 2};
        if (global) {
            if (!nchw && format != DataFormat.CHANNELS_FIRST) {
                throw graph.refuse(n.describe() + ": " + n.opType() + " pools axes 2 and 3 of an NCHW image; on this "
                        + "channels-last [batch, H, W, C] image it would pool the columns and channels");
            }
        } else {
            long[] axes = axes(n);
            long[] got = axes == null ? null : Arrays.stream(axes).map(a -> LayerChain.nonNegative(a, 4)).sorted()
                    .toArray();
            if (got == null || !Arrays.equals(got, expected)) {
                throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a global pooling layer only over the "
                        + "rows and columns " + Arrays.toString(expected) + " of this "
                        + (nchw ? "channels-last image transposed to NCHW" : format + " image") + ", not over axes "
                        + (axes == null ? "all" : Arrays.toString(axes)));
            }
        }
        boolean average = n.opType().equals("GlobalAveragePool") || n.opType().equals("ReduceMean");
        GlobalSpatialPoolingConfig config = GlobalSpatialPoolingConfig.of(average ? PoolingMode.AVERAGE
                : PoolingMode.MAX, 2).withDataFormat(format).withKeepDims(keepdims && !nchw);
        chain.add(config, Map.of(), "");
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        if (keepdims && !nchw) {
            chain.imageSize = new int[] {1, 1};
            chain.moveTo(n, Form.IMAGE);
        } else if (keepdims) {
            chain.vecShape = new long[] {ShapeOnlyStep.BATCH, chain.inputFeatures, 1, 1};
            chain.shapedSequence = false;
            chain.moveTo(n, Form.SHAPED_VEC);
        } else {
            chain.moveTo(n, Form.VEC);
        }
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
        // An NCL graph input's layers read [batch, C, L] (channels-first); a transposed sequence's read [batch, T, F].
        boolean first = chain.form == Form.CHANNEL_SEQ && chain.channelsFirstSequence;
        chain.add(layer.withUseMask(false).withDataFormat(first ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST),
                Map.of(), "");
        chain.lstmIndex = -1;
        chain.vecShape = kept;
        chain.shapedSequence = false;
        chain.moveTo(n, keepdims ? Form.SHAPED_VEC : Form.VEC);
    }
}
