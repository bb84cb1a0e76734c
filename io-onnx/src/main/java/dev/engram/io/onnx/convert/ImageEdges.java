package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.tensor.Shape;
import java.util.Arrays;
import java.util.Map;

/**
 * The edges of an image: a zero {@code Pad} of the rows and columns alone as ZeroPadding2D and a
 * {@code Slice} of them (step 1) as Cropping2D, in the layouts {@link ConvImporter} follows. In the
 * model's own layout the rows and columns are axes 1, 2 (channels-last) or 2, 3 (channels-first); on a
 * channels-last image transposed to NCHW (tf2onnx's transpose optimiser pushes its Transposes past these
 * nodes) they are axes 2, 3 and the layer is channels-last. Called by the importers that own Pad
 * ({@link StepEdgeImporter}) and Slice ({@link LayoutImporter}): the registry keys one importer per op.
 */
final class ImageEdges {
    private ImageEdges() {
    }

    /** True when the walk stands on an image (its own layout or transposed to NCHW). */
    static boolean onImage(LayerChain chain) {
        return chain.form == Form.IMAGE || chain.form == Form.IMAGE_NCHW;
    }

    /** The axis of the image's rows in the ONNX value followed (columns are the next). */
    static int rowAxis(LayerChain chain) {
        return rowAxis(chain.form, chain.imageFormat);
    }

    /** The axis of the rows of an image in form {@code form} (IMAGE or IMAGE_NCHW) of a model in layout {@code f}. */
    static int rowAxis(Form form, DataFormat f) {
        return form == Form.IMAGE && f == DataFormat.CHANNELS_LAST ? 1 : 2;
    }

    /** The engine layout of the layer that stands for a node on the value followed. */
    static DataFormat layerFormat(LayerChain chain) {
        return chain.form == Form.IMAGE_NCHW ? DataFormat.CHANNELS_LAST : chain.imageFormat;
    }

    /**
     * Zero padding of the rows and columns: {@code pads} (8, ONNX begin-then-end order) zero on the batch
     * and channel axes and non-negative on the others.
     */
    static void pad(ConversionGraph graph, LayerChain chain, NodeContext n, long[] pads, boolean zeroConstant)
            throws UnsupportedOnnxException {
        int r = rowAxis(chain);
        int c = r == 1 ? 3 : 1;
        boolean spatialOnly = pads != null && pads.length == 8 && pads[0] == 0 && pads[4] == 0 && pads[c] == 0
                && pads[4 + c] == 0 && pads[r] >= 0 && pads[r + 1] >= 0 && pads[4 + r] >= 0 && pads[4 + r + 1] >= 0;
        if (!zeroConstant || !spatialOnly) {
            throw graph.refuse(n.describe() + ": Pad maps to ZeroPadding2D only as zeros (mode constant) on the rows "
                    + "and columns (axes " + r + ", " + (r + 1) + ") of this " + describe(chain) + ", got pads "
                    + Arrays.toString(pads));
        }
        int top = (int) pads[r];
        int left = (int) pads[r + 1];
        int bottom = (int) pads[4 + r];
        int right = (int) pads[4 + r + 1];
        chain.add(Layers.zeroPadding2d(top, bottom, left, right).withDataFormat(layerFormat(chain)), Map.of(), "");
        resize(chain, top + bottom, left + right);
        chain.moveTo(n, chain.form);
    }

    /**
     * A Slice of the rows and columns from both ends (step 1; batch and channel axes, when listed, whole):
     * a non-negative start, and an end that is negative (counted from the far edge), at least
     * {@code INT_MAX} (to the edge) or, with the size known, a positive index.
     */
    static void crop(ConversionGraph graph, LayerChain chain, NodeContext n, long[] starts, long[] ends, long[] axes,
            long[] steps) throws UnsupportedOnnxException {
        int r = rowAxis(chain);
        long[] front = new long[2];
        long[] back = new long[2];
        boolean ok = axes.length == starts.length && ends.length == starts.length
                && (steps.length == starts.length || steps.length == 1 && starts.length == 1);
        for (int i = 0; ok && i < axes.length; i++) {
            long axis = LayerChain.nonNegative(axes[i], 4);
            long step = steps[Math.min(i, steps.length - 1)];
            int s = (int) axis - r;
            if (step != 1 || axis < 0 || axis > 3) {
                ok = false;
            } else if (s != 0 && s != 1) {
                ok = starts[i] == 0 && ends[i] >= Integer.MAX_VALUE;
            } else {
                int size = chain.imageSize[s];
                front[s] = starts[i];
                back[s] = ends[i] < 0 ? -ends[i] : ends[i] >= Integer.MAX_VALUE ? 0
                        : size != Shape.UNKNOWN && ends[i] <= size ? size - ends[i] : -1;
                ok = starts[i] >= 0 && back[s] >= 0 && (size == Shape.UNKNOWN || front[s] + back[s] < size);
            }
        }
        if (!ok) {
            throw graph.refuse(n.describe() + ": Slice maps to Cropping2D only as a step-1 crop of the rows and columns "
                    + "(axes " + r + ", " + (r + 1) + ") of this " + describe(chain) + " "
                    + Arrays.toString(chain.imageSize) + ", got starts " + Arrays.toString(starts) + ", ends "
                    + Arrays.toString(ends) + ", axes " + Arrays.toString(axes) + ", steps " + Arrays.toString(steps));
        }
        chain.add(Layers.cropping2d((int) front[0], (int) back[0], (int) front[1], (int) back[1])
                .withDataFormat(layerFormat(chain)), Map.of(), "");
        resize(chain, -(int) (front[0] + back[0]), -(int) (front[1] + back[1]));
        chain.moveTo(n, chain.form);
    }

    /** The image's layout in words, for refusals. */
    static String describe(LayerChain chain) {
        return chain.form == Form.IMAGE_NCHW ? "channels-last image transposed to NCHW"
                : chain.imageFormat == DataFormat.CHANNELS_LAST ? "channels-last image" : "channels-first image";
    }

    /** Grows (or shrinks) the known image size by the given rows and columns. */
    private static void resize(LayerChain chain, int rows, int cols) {
        int[] d = {rows, cols};
        for (int a = 0; a < 2; a++) {
            if (chain.imageSize[a] != Shape.UNKNOWN) {
                chain.imageSize[a] += d[a];
            }
        }
        chain.lstmIndex = -1;
        chain.denseOpen = false;
    }
}
