package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Value;

/**
 * Applies a Resize's per-axis taps ({@link ResizeTaps}) to the data: nearest mode as one gather of the picked
 * cells (float or integer data), linear and cubic as one weighted pass per resized axis (float data, sums in
 * double). Outputs whose coordinate left the input under tf_crop_and_resize on any axis take the extrapolation
 * value.
 */
final class ResizePasses {
    private ResizePasses() {
    }

    /** Nearest mode: every output copies one input cell ({@code taps[a] == null}: axis {@code a} is unchanged). */
    static Value gather(NodeContext n, Value x, int[] outShape, ResizeTaps[] taps, float extrapolation) {
        int rank = outShape.length;
        int size = Shapes.size(outShape);
        int[] inStrides = Shapes.strides(x.shape());
        int[] counter = new int[rank];
        boolean floats = x.isFloat();
        float[] xf = floats ? x.floats() : null;
        long[] xl = floats ? null : x.longs();
        float[] yf = floats ? n.floats(size) : null;
        long[] yl = floats ? null : new long[size];
        for (int k = 0; k < size; k++) {
            int flat = 0;
            for (int a = 0; a < rank; a++) {
                ResizeTaps t = taps[a];
                int c = counter[a];
                if (t == null) {
                    flat += c * inStrides[a];
                } else if (t.outside != null && t.outside[c]) {
                    flat = -1;
                    break;
                } else {
                    flat += t.index[t.start[c]] * inStrides[a];
                }
            }
            if (floats) {
                yf[k] = flat < 0 ? extrapolation : xf[flat];
            } else {
                yl[k] = flat < 0 ? (long) extrapolation : xl[flat];
            }
            for (int a = rank - 1; a >= 0 && ++counter[a] == outShape[a]; a--) {
                counter[a] = 0;
            }
        }
        return floats ? Value.ofFloats(outShape, yf) : Value.ofLongs(outShape, yl);
    }

    /** Linear and cubic modes: one pass per resized axis, the shrinking ones first. */
    static Value interpolate(NodeContext n, Value x, int[] outShape, ResizeTaps[] taps, float extrapolation) {
        int rank = outShape.length;
        int[] shape = x.shape();
        float[] data = x.floats();
        for (int shrinking = 1; shrinking >= 0; shrinking--) {
            for (int a = 0; a < rank; a++) {
                boolean shrinks = outShape[a] < x.dim(a);
                if (taps[a] == null || shrinks != (shrinking == 1)) {
                    continue;
                }
                int outer = 1;
                for (int i = 0; i < a; i++) {
                    outer *= shape[i];
                }
                int inner = 1;
                for (int i = a + 1; i < rank; i++) {
                    inner *= shape[i];
                }
                shape[a] = outShape[a];
                data = pass(data, outer, x.dim(a), inner, taps[a], n.floats(Shapes.size(shape)));
            }
        }
        boolean extrapolates = false;
        for (ResizeTaps t : taps) {
            extrapolates |= t != null && t.outside != null;
        }
        if (extrapolates) {
            fillOutside(data, outShape, taps, extrapolation);
        }
        return Value.ofFloats(outShape, data);
    }

    /** {@code y[o, j, i] = Σ_taps w · x[o, index, i]} over {@code x[outer, len, inner]}. */
    private static float[] pass(float[] x, int outer, int len, int inner, ResizeTaps t, float[] y) {
        double[] acc = new double[inner];
        int outLen = t.outLen;
        for (int o = 0; o < outer; o++) {
            int xBase = o * len * inner;
            for (int j = 0; j < outLen; j++) {
                java.util.Arrays.fill(acc, 0);
                for (int k = t.start[j]; k < t.start[j + 1]; k++) {
                    double w = t.weight[k];
                    int from = xBase + t.index[k] * inner;
                    for (int i = 0; i < inner; i++) {
                        acc[i] += w * x[from + i];
                    }
                }
                int to = (o * outLen + j) * inner;
                for (int i = 0; i < inner; i++) {
                    y[to + i] = (float) acc[i];
                }
            }
        }
        return y;
    }

    /** Writes the extrapolation value where any axis's coordinate left the input. */
    private static void fillOutside(float[] y, int[] shape, ResizeTaps[] taps, float value) {
        int rank = shape.length;
        int[] counter = new int[rank];
        for (int k = 0; k < y.length; k++) {
            for (int a = 0; a < rank; a++) {
                ResizeTaps t = taps[a];
                if (t != null && t.outside != null && t.outside[counter[a]]) {
                    y[k] = value;
                    break;
                }
            }
            for (int a = rank - 1; a >= 0 && ++counter[a] == shape[a]; a--) {
                counter[a] = 0;
            }
        }
    }
}
