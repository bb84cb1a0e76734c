package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Operators that make new tensors by repeating or padding: Pad, Tile, Range.
 *
 * <ul>
 *   <li>{@code Pad} (opsets 1-22, {@code mode="constant"} only): opset 1 reads the {@code paddings}
 *       attribute, 2-10 {@code pads} and {@code value} attributes, 11+ the int64 {@code pads} input
 *       and optional scalar {@code constant_value} (default 0), 18+ the optional {@code axes} input.
 *       {@code pads = [b_1, ..., b_k, e_1, ..., e_k]}; negative pads crop.</li>
 *   <li>{@code Tile} (opsets 6-22): {@code repeats} is an int64 input with one count per axis.</li>
 *   <li>{@code Range} (opsets 11-22): scalars {@code start, limit, delta};
 *       {@code max(ceil((limit - start) / delta), 0)} elements {@code start + i·delta}; integer if
 *       all three are integers.</li>
 * </ul>
 */
final class FillOps {
    private FillOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Pad", FillOps::pad);
        ops.put("Tile", FillOps::tile);
        ops.put("Range", FillOps::range);
    }

    private static List<Value> pad(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        int rank = x.rank();
        String mode = n.attrString("mode", "constant");
        if (!mode.equals("constant")) {
            throw n.fail("mode '" + mode + "' is not supported; supported: constant");
        }
        long[] pads;
        double value;
        long[] axes = null;
        if (n.opset() < 11) {
            pads = n.attrInts(n.opset() < 2 ? "paddings" : "pads");
            value = n.attrFloat("value", 0f);
        } else {
            pads = n.input(in, 1).longs();
            Value cv = NodeContext.optional(in, 2);
            value = cv == null || cv.size() == 0 ? 0 : cv.isFloat() ? cv.floats()[0] : cv.longs()[0];
            Value av = NodeContext.optional(in, 3);
            axes = av == null ? null : av.longs();
        }
        if (pads == null) {
            throw n.fail("no pads given");
        }
        int[] axisList = new int[axes == null ? rank : axes.length];
        for (int i = 0; i < axisList.length; i++) {
            try {
                axisList[i] = axes == null ? i : Shapes.axis(axes[i], rank, n.opType());
            } catch (IllegalArgumentException e) {
                throw n.fail(e.getMessage());
            }
        }
        if (pads.length != 2 * axisList.length) {
            throw n.fail("pads " + Arrays.toString(pads) + " must have " + 2 * axisList.length + " values");
        }
        int[] shape = x.shape();
        long[] begin = new long[rank];
        int[] out = shape.clone();
        for (int i = 0; i < axisList.length; i++) {
            int a = axisList[i];
            long b = pads[i];
            long e = pads[i + axisList.length];
            long d = shape[a] + b + e;
            if (Math.abs(b) > Shapes.maxElements() || Math.abs(e) > Shapes.maxElements() || d < 0) {
                throw n.fail("pads " + Arrays.toString(pads) + " do not fit axis " + a + " of " + x);
            }
            begin[a] = b;
            out[a] = (int) d;
        }
        int size;
        try {
            size = Shapes.size(out);
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        // Source flat index of every output element, or -1 where the output is padding.
        int[] src = new int[size];
        int[] st = Shapes.strides(shape);
        int[] counter = new int[rank];
        for (int k = 0; k < size; k++) {
            int flat = 0;
            for (int a = 0; a < rank; a++) {
                long p = counter[a] - begin[a];
                if (p < 0 || p >= shape[a]) {
                    flat = -1;
                    break;
                }
                flat += (int) p * st[a];
            }
            src[k] = flat;
            increment(counter, out);
        }
        if (x.isFloat()) {
            float[] xv = x.floats();
            float[] d = new float[size];
            for (int k = 0; k < size; k++) {
                d[k] = src[k] < 0 ? (float) value : xv[src[k]];
            }
            return List.of(Value.ofFloats(out, d));
        }
        long[] xv = x.longs();
        long[] d = new long[size];
        for (int k = 0; k < size; k++) {
            d[k] = src[k] < 0 ? (long) value : xv[src[k]];
        }
        return List.of(Value.ofLongs(out, d));
    }

    private static List<Value> tile(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] reps = n.input(in, 1).longs();
        int rank = x.rank();
        if (reps.length != rank) {
            throw n.fail("repeats " + Arrays.toString(reps) + " must have one value per axis of " + x);
        }
        int[] shape = x.shape();
        int[] out = new int[rank];
        try {
            for (int a = 0; a < rank; a++) {
                if (reps[a] < 0 || reps[a] > Shapes.maxElements()) {
                    throw new IllegalArgumentException("repeats " + Arrays.toString(reps) + " must be >= 0");
                }
                long d = shape[a] * reps[a];
                out[a] = (int) Math.min(d, Shapes.maxElements() + 1);
            }
            Shapes.size(out);
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        int size = Shapes.size(out);
        int[] index = new int[size];
        int[] st = Shapes.strides(shape);
        int[] counter = new int[rank];
        for (int k = 0; k < size; k++) {
            int flat = 0;
            for (int a = 0; a < rank; a++) {
                flat += (counter[a] % shape[a]) * st[a];
            }
            index[k] = flat;
            increment(counter, out);
        }
        return List.of(x.gatherFlat(out, index));
    }

    private static List<Value> range(NodeContext n, List<Value> in) {
        Value start = n.input(in, 0);
        Value limit = n.input(in, 1);
        Value delta = n.input(in, 2);
        if (start.size() != 1 || limit.size() != 1 || delta.size() != 1) {
            throw n.fail("start, limit and delta must be scalars, got " + start + ", " + limit + ", " + delta);
        }
        boolean ints = !start.isFloat() && !limit.isFloat() && !delta.isFloat();
        double s = ints ? start.longs()[0] : start.floats()[0];
        double l = ints ? limit.longs()[0] : limit.floats()[0];
        double d = ints ? delta.longs()[0] : delta.floats()[0];
        if (d == 0) {
            throw n.fail("delta is 0");
        }
        double count = Math.max(Math.ceil((l - s) / d), 0);
        if (!(count <= Shapes.maxElements())) {
            throw n.fail(Shapes.overLimit("Range(" + s + ", " + l + ", " + d + ")", count > Long.MAX_VALUE ? -1 : (long) count));
        }
        int c = (int) count;
        if (ints) {
            long[] r = new long[c];
            long s0 = start.longs()[0];
            long d0 = delta.longs()[0];
            for (int i = 0; i < c; i++) {
                r[i] = s0 + i * d0;
            }
            return List.of(Value.ofLongs(new int[] {c}, r));
        }
        float[] r = new float[c];
        for (int i = 0; i < c; i++) {
            r[i] = (float) (s + i * d);
        }
        return List.of(Value.ofFloats(new int[] {c}, r));
    }

    private static void increment(int[] counter, int[] limits) {
        for (int a = counter.length - 1; a >= 0; a--) {
            if (++counter[a] < limits[a]) {
                return;
            }
            counter[a] = 0;
        }
    }
}
