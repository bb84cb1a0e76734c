package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Layers;
import dev.engram.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Nearest-neighbour up-sampling of an image as an UpSampling2D layer, in the layouts
 * {@link ConvImporter} follows (rows and columns at axes 1, 2 channels-last, 2, 3 channels-first or
 * on a channels-last image transposed to NCHW), in Engram's export's form: {@code Unsqueeze} of a
 * size-1 axis after the rows and after the columns, {@code Tile} of those axes and a {@code Reshape}
 * that merges each pair (the Reshape is read here through {@link RecurrentImporter}, which owns it).
 * ONNX's {@code Resize} is {@link ResizeImporter}'s.
 */
final class UpSamplingImporter extends OnnxNodeImporter {
    UpSamplingImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "nearest up-sampling of an image by whole factors (Unsqueeze, Tile and Reshape); Tile "
                + "[1, n, 1] of a [batch, 1, features] vector as RepeatVector",
                List.of("Unsqueeze", "Tile"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        if (n.opType().equals("Unsqueeze")) {
            unsqueeze(n);
        } else {
            tile(n);
        }
    }

    private void unsqueeze(NodeContext n) throws UnsupportedOnnxException {
        long[] axes = n.opset() < 13 ? n.attrInts("axes") : n.node().getInputCount() > 1
                ? graph.longs(n.node().getInput(1), n) : null;
        if (!ImageEdges.onImage(chain)) {
            throw graph.refuse(n.describe() + ": Unsqueeze maps to layers only as the first step of an image's "
                    + "up-sampling (Unsqueeze, Tile, Reshape), or among shape-only nodes after a vector");
        }
        int r = ImageEdges.rowAxis(chain);
        long[] got = axes == null ? null : Arrays.stream(axes).map(a -> LayerChain.nonNegative(a, 6)).sorted()
                .toArray();
        if (got == null || !Arrays.equals(got, new long[] {r + 1, r + 3})) {
            throw graph.refuse(n.describe() + ": Unsqueeze of this " + ImageEdges.describe(chain) + " maps to an "
                    + "UpSampling2D only with axes [" + (r + 1) + ", " + (r + 3) + "] (after the rows and after the "
                    + "columns), got " + Arrays.toString(axes));
        }
        chain.splitFrom = chain.form;
        chain.denseOpen = false;
        chain.moveTo(n, Form.IMAGE_SPLIT);
    }

    /**
     * Tile {@code [1, n, 1]} of a vector with a size-1 step axis, {@code [batch, 1, features]} (tf2onnx: Unsqueeze of
     * the vector; PyTorch: the last step {@code [-1:]} of a forward recurrent layer's sequence) as RepeatVector(n).
     */
    private boolean repeatVector(NodeContext n, long[] repeats) {
        boolean vector = chain.form == Form.SHAPED_VEC && !chain.shapedSequence && chain.vecShape.length == 3
                && chain.vecShape[0] == ShapeOnlyStep.BATCH && chain.vecShape[1] == 1;
        boolean lastStep = chain.form == Form.LAST_STEP && chain.lastStepAxis == 1;
        if (!(vector || lastStep) || repeats.length != 3 || repeats[0] != 1 || repeats[2] != 1 || repeats[1] < 1
                || repeats[1] > Integer.MAX_VALUE) {
            return false;
        }
        if (lastStep) {
            chain.endSequenceAt(n); // Y[-1:] of a forward layer is its final output
        }
        chain.add(Layers.repeatVector((int) repeats[1]), java.util.Map.of(), "");
        chain.steps = repeats[1];
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(n, Form.BATCH_SEQ);
        return true;
    }

    private void tile(NodeContext n) throws UnsupportedOnnxException {
        long[] repeats = graph.longs(n.node().getInput(1), n);
        if (repeatVector(n, repeats)) {
            return;
        }
        int r = rowAxis();
        boolean ok = chain.form == Form.IMAGE_SPLIT && repeats.length == 6;
        for (int a = 0; ok && a < 6; a++) {
            ok = a == r + 1 || a == r + 3 ? repeats[a] >= 1 && repeats[a] <= Integer.MAX_VALUE : repeats[a] == 1;
        }
        if (!ok) {
            throw graph.refuse(n.describe() + ": Tile maps to an UpSampling2D only on an image split by Unsqueeze, "
                    + "repeating the size-1 axes " + (r + 1) + " and " + (r + 3) + " alone, got repeats "
                    + Arrays.toString(repeats));
        }
        chain.upSampling = new int[] {(int) repeats[r + 1], (int) repeats[r + 3]};
        chain.moveTo(n, Form.IMAGE_TILED);
    }

    /** The rows axis of the image an IMAGE_SPLIT / IMAGE_TILED value was split from (the form's own for an image). */
    private int rowAxis() {
        boolean split = chain.form == Form.IMAGE_SPLIT || chain.form == Form.IMAGE_TILED;
        return ImageEdges.rowAxis(split ? chain.splitFrom : chain.form, chain.imageFormat);
    }

    /**
     * The Reshape that merges each tiled pair back: {@code [batch, H·rows, W·cols, C]} in the split
     * image's layout, the batch as 0 or -1 and one other size -1 at most; then the UpSampling2D layer.
     */
    void reshape(NodeContext n) throws UnsupportedOnnxException {
        long[] shape = graph.longs(n.node().getInput(1), n);
        int r = rowAxis();
        int[] f = chain.upSampling;
        long[] expected = new long[4];
        expected[r] = chain.imageSize[0] == Shape.UNKNOWN ? -1 : (long) chain.imageSize[0] * f[0];
        expected[r + 1] = chain.imageSize[1] == Shape.UNKNOWN ? -1 : (long) chain.imageSize[1] * f[1];
        expected[r == 1 ? 3 : 1] = chain.inputFeatures;
        boolean ok = chain.form == Form.IMAGE_TILED && shape.length == 4 && (shape[0] == 0 || shape[0] == -1)
                && n.attrInt("allowzero", 0) == 0;
        int wild = shape.length > 0 && shape[0] == -1 ? 1 : 0;
        for (int a = 1; ok && a < 4; a++) {
            wild += shape[a] == -1 ? 1 : 0;
            ok = shape[a] == -1 || expected[a] > 0 && shape[a] == expected[a];
        }
        if (!ok || wild > 1) {
            throw graph.refuse(n.describe() + ": Reshape of a tiled image maps to an UpSampling2D only as "
                    + Arrays.toString(expected).replace("-1", "?") + " (batch 0 or -1, at most one -1), got "
                    + Arrays.toString(shape));
        }
        upSample(n, f[0], f[1]);
    }

    private void upSample(NodeContext n, int rows, int cols) {
        chain.form = chain.splitFrom;
        chain.add(Layers.upSampling2d(rows, cols).withDataFormat(ImageEdges.layerFormat(chain)), Map.of(), "");
        int[] f = {rows, cols};
        for (int a = 0; a < 2; a++) {
            if (chain.imageSize[a] != Shape.UNKNOWN) {
                chain.imageSize[a] *= f[a];
            }
        }
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(n, chain.splitFrom);
    }
}
