package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DotConfig;
import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Dot: each input is transposed so that its contraction axis is last and reshaped to
 * {@code [batch, rows, K]} (with normalize, divided by {@code Max(Sqrt(ReduceSum(x * x, -1)), normFloor)}),
 * then {@code MatMul(x, Transpose(y))} gives {@code [batch, rows_x, rows_y]}, reshaped to the layer's
 * output shape. The output carries no mask, as in Keras and TF.js. At most one per-sample dimension
 * of the output may be unknown at build (it becomes Reshape's -1).
 */
final class DotEmitter extends KeyedEmitter<DotConfig> {
    DotEmitter() {
        super(DotConfig.class, "Dot");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, DotConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String n = layer.name();
        Shape out = layer.outputShape();
        long[] outDims = new long[out.rank() + 1];
        int unknown = 0;
        for (int d = 0; d < out.rank(); d++) {
            outDims[d + 1] = out.dim(d) == Shape.UNKNOWN ? -1 : out.dim(d);
            unknown += out.dim(d) == Shape.UNKNOWN ? 1 : 0;
        }
        if (unknown > 1) {
            throw new UnsupportedOnnxException("layer '" + n + "' (Dot) has output " + out.prepend(Shape.UNKNOWN)
                    + " with more than one size unknown at build; export it with fixed input lengths");
        }
        String x = rows(g, n + "_x", ins.get(0), layer.inputShapes().get(0), c.axis(0), c);
        String y = rows(g, n + "_y", ins.get(1), layer.inputShapes().get(1), c.axis(1), c);
        String prod = g.node("MatMul", n + "_dot", List.of(x, g.transpose(y, n + "_y_t", 0, 2, 1)));
        String result = g.node("Reshape", n + "_out", List.of(prod, g.longs(n + "_out_shape", outDims)));
        return List.of(new ExportValue(result, out.rank() + 1, null));
    }

    /** {@code v} as {@code [batch, rows, K]} with the contraction axis last, normalised when asked. */
    private static String rows(GraphBuilder g, String base, ExportValue v, Shape sample, int axis, DotConfig c) {
        int rank = sample.rank() + 1;
        int a = axis < 0 ? axis + rank : axis;
        String x = v.name();
        if (a != rank - 1) {
            long[] perm = new long[rank];
            int p = 0;
            for (int d = 0; d < rank; d++) {
                if (d != a) {
                    perm[p++] = d;
                }
            }
            perm[rank - 1] = a;
            x = g.transpose(x, base + "_moved", perm);
        }
        x = g.node("Reshape", base + "_rows", List.of(x, g.longs(base + "_rows_shape", 0, -1, sample.dim(a - 1))));
        if (c.normalize()) {
            String sq = g.node("Mul", base + "_square", List.of(x, x));
            String norm = g.node("Sqrt", base + "_norm", List.of(g.reduce("ReduceSum", sq, base + "_sum", true, -1L)));
            String floor = g.node("Max", base + "_floored", List.of(norm, g.scalar(base + "_floor", (float) c.normFloor())));
            x = g.node("Div", base + "_unit", List.of(x, floor));
        }
        return x;
    }
}
