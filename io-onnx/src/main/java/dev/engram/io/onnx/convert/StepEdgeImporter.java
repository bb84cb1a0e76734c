package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Layers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Pad} with zeros (mode constant, value 0) of a batch-major sequence's time axis alone as a
 * ZeroPadding1D layer, or of an image's rows and columns as ZeroPadding2D ({@link ImageEdges}). The
 * matching crops, a {@code Slice}, are read by {@link LayoutImporter} (which owns Slice) as Cropping1D
 * and Cropping2D.
 */
final class StepEdgeImporter extends OnnxNodeImporter {
    StepEdgeImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "Pad with zeros of the time axis or of an image's rows and columns", List.of("Pad"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        var in = n.node().getInputList();
        long[] pads = n.opset() < 11 ? n.attrInts("pads") : in.size() > 1 ? graph.longs(in.get(1), n) : null;
        String mode = n.attrString("mode", "constant");
        Value fill = n.opset() >= 11 && in.size() > 2 && !in.get(2).isEmpty() ? graph.constValue(in.get(2)) : null;
        boolean zero = n.opset() < 11 ? n.attrFloat("value", 0f) == 0f
                : fill == null && (in.size() <= 2 || in.get(2).isEmpty()) || fill != null && fill.floats()[0] == 0f;
        boolean axesDefault = in.size() <= 3 || in.get(3).isEmpty();
        if (ImageEdges.onImage(chain)) {
            ImageEdges.pad(graph, chain, n, pads, mode.equals("constant") && zero && axesDefault);
            return;
        }
        boolean timeOnly = pads != null && pads.length == 6 && pads[0] == 0 && pads[2] == 0 && pads[3] == 0
                && pads[5] == 0 && pads[1] >= 0 && pads[4] >= 0;
        if (chain.form != Form.BATCH_SEQ || !mode.equals("constant") || !zero || !timeOnly || !axesDefault
                || chain.inputOrderReverse) {
            throw graph.refuse(n.describe() + ": Pad maps to ZeroPadding1D only as zeros on the time axis of a "
                    + "batch-major sequence, got pads " + Arrays.toString(pads) + ", mode " + mode);
        }
        chain.add(Layers.zeroPadding1d((int) pads[1], (int) pads[4]), Map.of(), "");
        chain.lstmIndex = -1;
        chain.moveTo(n, Form.BATCH_SEQ);
    }
}
