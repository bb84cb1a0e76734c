package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Operators that select or join parts of tensors: Concat, Split, Slice, Gather. */
final class IndexOps {
    private IndexOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Concat", IndexOps::concat);
        ops.put("Split", IndexOps::split);
        ops.put("Slice", IndexOps::slice);
        ops.put("Gather", IndexOps::gather);
    }

    private static int axis(NodeContext n, long a, int rank) {
        try {
            return Shapes.axis(a, rank, n.opType());
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
    }

    private static List<Value> concat(NodeContext n, List<Value> in) {
        List<Value> xs = new ArrayList<>();
        for (Value v : in) {
            if (v != null) {
                xs.add(v);
            }
        }
        if (xs.isEmpty()) {
            throw n.fail("needs at least one input");
        }
        Value first = xs.get(0);
        int ax = axis(n, n.attrInt("axis", 0), first.rank());
        int[] out = first.shape();
        out[ax] = 0;
        boolean isFloat = false;
        for (Value v : xs) {
            int[] s = v.shape();
            for (int i = 0; i < s.length; i++) {
                if (v.rank() != first.rank() || i != ax && s[i] != first.dim(i)) {
                    throw n.fail("inputs " + first + " and " + v + " differ outside axis " + ax);
                }
            }
            out[ax] += s[ax];
            isFloat |= v.isFloat();
        }
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= out[i];
        }
        int size = Shapes.size(out);
        float[] fd = isFloat ? n.floats(size) : null;
        long[] ld = isFloat ? null : new long[size];
        int rowOut = size / Math.max(1, outer);
        int offset = 0;
        for (Value v : xs) {
            int row = v.size() / Math.max(1, outer);
            if (isFloat) {
                float[] src = v.floats();
                for (int o = 0; o < outer; o++) {
                    System.arraycopy(src, o * row, fd, o * rowOut + offset, row);
                }
            } else {
                long[] src = v.longs();
                for (int o = 0; o < outer; o++) {
                    System.arraycopy(src, o * row, ld, o * rowOut + offset, row);
                }
            }
            offset += row;
        }
        return List.of(isFloat ? Value.ofFloats(out, fd) : Value.ofLongs(out, ld));
    }

    private static List<Value> split(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        int ax = axis(n, n.attrInt("axis", 0), x.rank());
        int outputs = n.node().getOutputCount();
        long[] sizes = n.opset() >= 13 ? (NodeContext.optional(in, 1) == null ? null : in.get(1).longs())
                : n.attrInts("split");
        int dim = x.dim(ax);
        if (sizes == null) {
            int parts = n.has("num_outputs") ? (int) n.attrInt("num_outputs", outputs) : outputs;
            int chunk = (dim + parts - 1) / parts;
            sizes = new long[parts];
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(chunk, dim - (long) i * chunk));
            }
        }
        if (Arrays.stream(sizes).sum() != dim || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
            throw n.fail("split sizes " + Arrays.toString(sizes) + " do not add up to " + dim + " on axis " + ax);
        }
        List<Value> res = new ArrayList<>();
        long start = 0;
        for (long s : sizes) {
            res.add(range(x, ax, (int) start, (int) s, 1));
            start += s;
        }
        return res;
    }

    /** {@code count} elements along {@code ax} starting at {@code start} with {@code step}. */
    static Value range(Value x, int ax, int start, int count, int step) {
        int[] s = x.shape();
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= s[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < s.length; i++) {
            inner *= s[i];
        }
        int[] out = s.clone();
        out[ax] = count;
        int[] index = new int[outer * count * inner];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < count; c++) {
                int base = (o * s[ax] + start + c * step) * inner;
                for (int i = 0; i < inner; i++) {
                    index[p++] = base + i;
                }
            }
        }
        return x.gatherFlat(out, index);
    }

    private static List<Value> slice(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (n.opset() < 10) {
            starts = n.attrInts("starts");
            ends = n.attrInts("ends");
            axes = n.attrInts("axes");
        } else {
            starts = n.input(in, 1).longs();
            ends = n.input(in, 2).longs();
            axes = NodeContext.optional(in, 3) == null ? null : in.get(3).longs();
            steps = NodeContext.optional(in, 4) == null ? null : in.get(4).longs();
        }
        if (starts == null || ends == null || starts.length != ends.length
                || axes != null && axes.length != starts.length || steps != null && steps.length != starts.length) {
            throw n.fail("starts, ends, axes and steps must have equal lengths");
        }
        Value cur = x;
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(n, axes == null ? i : axes[i], x.rank());
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw n.fail("step 0 on axis " + ax);
            }
            long dim = x.dim(ax);
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (step > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
                count = e > s ? (e - s + step - 1) / step : 0;
            } else {
                s = Math.max(-1, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
                count = s > e ? (s - e + (-step) - 1) / (-step) : 0;
            }
            cur = range(cur, ax, (int) (count == 0 ? 0 : s), (int) count, (int) step);
        }
        return List.of(cur);
    }

    private static List<Value> gather(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        Value idx = n.input(in, 1);
        int ax = axis(n, n.attrInt("axis", 0), x.rank());
        int[] s = x.shape();
        long[] iv = idx.longs();
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= s[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < s.length; i++) {
            inner *= s[i];
        }
        int[] out = new int[s.length - 1 + idx.rank()];
        System.arraycopy(s, 0, out, 0, ax);
        System.arraycopy(idx.shape(), 0, out, ax, idx.rank());
        System.arraycopy(s, ax + 1, out, ax + idx.rank(), s.length - ax - 1);
        int[] index = new int[Shapes.size(out)];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (long k : iv) {
                long j = k < 0 ? k + s[ax] : k;
                if (j < 0 || j >= s[ax]) {
                    throw n.fail("index " + k + " out of range for axis " + ax + " of " + x);
                }
                int base = (int) ((o * (long) s[ax] + j) * inner);
                for (int i = 0; i < inner; i++) {
                    index[p++] = base + i;
                }
            }
        }
        return List.of(x.gatherFlat(out, index));
    }
}
