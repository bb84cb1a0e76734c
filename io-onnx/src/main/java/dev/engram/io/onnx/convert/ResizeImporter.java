package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.OnnxExecutionException;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.runtime.ResizeGeometry;
import dev.engram.layers.ImageResize;
import dev.engram.layers.Interpolation;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.ResizePositions;
import dev.engram.layers.ResizeSampling;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Resize} / {@code Upsample} of an image (in the layouts {@link ConvImporter} follows) as an UpSampling2D or a
 * Resizing layer, only where the layer samples exactly the cells the node samples with the same weights: the node's
 * geometry on the image's known size ({@link ResizeGeometry}, the runtime's own computation) is compared output by
 * output with the layer's. Nearest sampling that repeats every row {@code f} times and every column {@code g} times
 * (Keras's UpSampling2D through tf2onnx: {@code tf_half_pixel_for_nn} + floor; PyTorch's {@code nn.Upsample}:
 * {@code asymmetric} + floor; whole scales) becomes {@code UpSampling2D(f, g)}; otherwise bilinear or nearest
 * sampling at the positions of one of Resizing's modes (half-pixel as Keras, aligned corners or asymmetric as
 * TF.js) becomes {@code Resizing(outH, outW)}. Anything else (cubic, antialias, a crop region, extrapolation, other
 * roundings, a resized batch or channel axis, an unknown image size, scales or sizes computed at run time) is
 * refused naming the node: such a graph still runs in {@link dev.engram.io.onnx.OnnxModel#predict}.
 */
final class ResizeImporter extends OnnxNodeImporter {
    /** Weights are the same formula evaluated in another float order: equal within this. */
    private static final double WEIGHT_TOLERANCE = 1e-5;

    ResizeImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "Resize/Upsample of an image as UpSampling2D or Resizing where they sample the same cells",
                List.of("Resize", "Upsample"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        if (!ImageEdges.onImage(chain)) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to UpSampling2D or Resizing only on an image");
        }
        int h = chain.imageSize[0];
        int w = chain.imageSize[1];
        if (h == Shape.UNKNOWN || w == Shape.UNKNOWN) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a layer only on an image of known size, got "
                    + Arrays.toString(chain.imageSize) + " (the graph still runs in predict)");
        }
        int r = ImageEdges.rowAxis(chain);
        int ch = (int) chain.inputFeatures;
        ResizeGeometry g = geometry(n, r, h, w, ch, 1);
        ResizeGeometry g2 = geometry(n, r, h, w, ch, 2);
        int[] out = g.outShape();
        int c = r == 1 ? 3 : 1;
        if (!g.unchanged(0) || !g.unchanged(c) || !g2.unchanged(0) || !g2.unchanged(c)) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " resizes the batch or channel axis of this "
                    + ImageEdges.describe(chain) + " (output " + Arrays.toString(out) + "); no image layer does");
        }
        if (g.extrapolates(r) || g.extrapolates(r + 1)) {
            throw graph.refuse(n.describe() + ": tf_crop_and_resize here samples outside the image (extrapolation_value)"
                    + "; no image layer does");
        }
        LayerConfig<?> layer = upSampling(g, r, h, w);
        if (layer == null) {
            layer = resizing(g, r, h, w, ch);
        }
        if (layer == null) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " " + describe(n) + " from " + h + "x" + w + " to "
                    + out[r] + "x" + out[r + 1] + " samples other cells or weights than UpSampling2D (whole factors,"
                    + " nearest) and Resizing (bilinear or nearest, half-pixel, aligned corners or asymmetric); the"
                    + " graph still runs in predict");
        }
        chain.add(layer, Map.of(), "");
        chain.imageSize = new int[] {out[r], out[r + 1]};
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(n, chain.form);
    }

    /** The node's geometry on a {@code batch}-image input of the walk's layout, with its constant inputs. */
    private ResizeGeometry geometry(NodeContext n, int r, int h, int w, int ch, int batch)
            throws UnsupportedOnnxException {
        int[] shape = r == 1 ? new int[] {batch, h, w, ch} : new int[] {batch, ch, h, w};
        List<Value> inputs = new ArrayList<>();
        inputs.add(null);
        List<String> names = n.node().getInputList();
        for (int i = 1; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                inputs.add(null);
                continue;
            }
            Value v = graph.constValue(names.get(i));
            if (v == null) {
                throw graph.refuse(n.describe() + ": input " + i + " ('" + names.get(i) + "') is computed at run time;"
                        + " " + n.opType() + " maps to a layer only with constant scales, sizes and roi");
            }
            inputs.add(v);
        }
        try {
            return ResizeGeometry.of(n, shape, inputs);
        } catch (OnnxExecutionException e) {
            throw graph.refuse(e.getMessage());
        }
    }

    /** UpSampling2D when every output row/column copies input row/column {@code j / factor}. */
    private LayerConfig<?> upSampling(ResizeGeometry g, int r, int h, int w) {
        int[] out = g.outShape();
        int[] in = {h, w};
        int[] f = new int[2];
        for (int a = 0; a < 2; a++) {
            if (out[r + a] % in[a] != 0 || out[r + a] == 0) {
                return null;
            }
            f[a] = out[r + a] / in[a];
            for (int j = 0; j < out[r + a]; j++) {
                int[] cells = g.cells(r + a, j);
                if (cells.length != 1 || cells[0] != j / f[a] || g.weights(r + a, j)[0] != 1) {
                    return null;
                }
            }
        }
        return Layers.upSampling2d(f[0], f[1]).withDataFormat(ImageEdges.layerFormat(chain));
    }

    /** Resizing in the first (interpolation, sampling) whose positions are the node's, or null. */
    private LayerConfig<?> resizing(ResizeGeometry g, int r, int h, int w, int ch) {
        int[] out = g.outShape();
        Interpolation[] kinds = g.nearest() ? new Interpolation[] {Interpolation.NEAREST}
                : new Interpolation[] {Interpolation.BILINEAR};
        for (Interpolation i : kinds) {
            for (ResizeSampling s : ResizeSampling.values()) {
                ImageResize plan = new ImageResize(1, h, w, ch, 0, 0, h, w, out[r], out[r + 1], i, s);
                if (same(g, r, plan.rows()) && same(g, r + 1, plan.cols())) {
                    return Layers.resizing(out[r], out[r + 1]).withInterpolation(i).withSampling(s)
                            .withDataFormat(ImageEdges.layerFormat(chain));
                }
            }
        }
        return null;
    }

    /**
     * True when every output of {@code axis} reads the cells of {@code p} with its weights ({@code 1 - f} on the lower
     * cell, {@code f} on the upper); a weight within the tolerance of 0 counts as no read.
     */
    private static boolean same(ResizeGeometry g, int axis, ResizePositions p) {
        for (int j = 0; j < p.lower().length; j++) {
            java.util.TreeMap<Integer, Double> want = new java.util.TreeMap<>();
            want.merge(p.lower()[j], 1 - p.fraction()[j], Double::sum);
            want.merge(p.upper()[j], p.fraction()[j], Double::sum);
            java.util.TreeMap<Integer, Double> got = new java.util.TreeMap<>();
            int[] cells = g.cells(axis, j);
            double[] weights = g.weights(axis, j);
            for (int k = 0; k < cells.length; k++) {
                got.merge(cells[k], weights[k], Double::sum);
            }
            want.values().removeIf(v -> Math.abs(v) <= WEIGHT_TOLERANCE);
            got.values().removeIf(v -> Math.abs(v) <= WEIGHT_TOLERANCE);
            if (!want.keySet().equals(got.keySet())) {
                return false;
            }
            for (var e : want.entrySet()) {
                if (Math.abs(e.getValue() - got.get(e.getKey())) > WEIGHT_TOLERANCE) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(NodeContext n) {
        return "(mode " + n.attrString("mode", "nearest") + ", " + n.attrString("coordinate_transformation_mode",
                n.opset() < 11 ? "asymmetric" : "half_pixel") + ", nearest_mode " + n.attrString("nearest_mode",
                "round_prefer_floor") + ")";
    }
}
