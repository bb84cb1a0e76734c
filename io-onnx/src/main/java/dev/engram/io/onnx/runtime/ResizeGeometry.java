package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import java.util.List;

/**
 * What a {@code Resize} or {@code Upsample} node samples on data of a known shape, axis by axis: the input cells and
 * weights each output index reads, exactly as the runtime computes them ({@link ResizeOps}). The converter maps the
 * node to a layer only when that layer samples the same cells with the same weights.
 */
public final class ResizeGeometry {
    private final int[] shape;
    private final int[] outShape;
    private final ResizeTaps[] taps;
    private final boolean nearest;

    private ResizeGeometry(int[] shape, int[] outShape, ResizeTaps[] taps, boolean nearest) {
        this.shape = shape;
        this.outShape = outShape;
        this.taps = taps;
        this.nearest = nearest;
    }

    /**
     * The geometry of node {@code n} on data of {@code shape}.
     *
     * @param n      a Resize or Upsample node
     * @param shape  the data's shape
     * @param inputs the node's inputs (input 0, the data, is not read; may be null), constants where the node reads them
     * @return the geometry
     * @throws dev.engram.io.onnx.OnnxExecutionException naming the node when it is malformed or too large
     */
    public static ResizeGeometry of(NodeContext n, int[] shape, List<Value> inputs) {
        ResizeOps.Plan p = ResizeOps.plan(n, shape.clone(), inputs);
        int[] out = ResizeOps.outShape(n, p);
        return new ResizeGeometry(shape.clone(), out, ResizeOps.taps(n, p, shape, out),
                p.sampling().kernel() == ResizeTaps.Kernel.NEAREST);
    }

    /** The output shape. */
    public int[] outShape() {
        return outShape.clone();
    }

    /** True for nearest mode (every output copies one cell). */
    public boolean nearest() {
        return nearest;
    }

    /** True when axis {@code axis} is copied as it is. */
    public boolean unchanged(int axis) {
        return taps[axis] == null;
    }

    /** True when some output of axis {@code axis} takes the extrapolation value instead of reading cells. */
    public boolean extrapolates(int axis) {
        ResizeTaps t = taps[axis];
        if (t == null || t.outside == null) {
            return false;
        }
        for (boolean o : t.outside) {
            if (o) {
                return true;
            }
        }
        return false;
    }

    /** The input cells output {@code j} of axis {@code axis} reads (zero weights left out). */
    public int[] cells(int axis, int j) {
        ResizeTaps t = taps[axis];
        return t == null ? new int[] {j} : java.util.Arrays.copyOfRange(t.index, t.start[j], t.start[j + 1]);
    }

    /** The weights of {@link #cells}, in the same order. */
    public double[] weights(int axis, int j) {
        ResizeTaps t = taps[axis];
        return t == null ? new double[] {1} : java.util.Arrays.copyOfRange(t.weight, t.start[j], t.start[j + 1]);
    }

    /** The input shape the geometry was computed for. */
    public int[] shape() {
        return shape.clone();
    }
}
