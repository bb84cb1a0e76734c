package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reductions and variadic element-wise ops, accumulated in double and rounded once.
 *
 * <ul>
 *   <li>{@code ReduceMean}, {@code ReduceMax}, {@code ReduceL2} (opsets 1-22) and {@code ReduceSum}
 *       (1-22): {@code axes} is an attribute before opset 18 (ReduceSum: before 13) and an optional
 *       int64 input from then on; no axes (or an empty axes input) reduces every axis unless
 *       {@code noop_with_empty_axes=1} (input form only), which returns the input unchanged;
 *       {@code keepdims} (default 1) keeps the reduced axes with size 1. Over an empty set ReduceMax
 *       gives -inf, ReduceSum/ReduceL2 0, ReduceMean NaN. Integer inputs give integer outputs.</li>
 *   <li>{@code GlobalAveragePool}, {@code GlobalMaxPool} (opsets 1-22): the mean / max over every
 *       axis after {@code [N, C]}, kept with size 1.</li>
 *   <li>{@code Max}, {@code Min}, {@code Sum}, {@code Mean} (opsets 8-22, numpy broadcasting of all
 *       inputs; opset 6's equal shapes are a special case): Max/Min propagate NaN.</li>
 * </ul>
 */
final class ReduceOps {
    private ReduceOps() {
    }

    private enum Kind { MEAN, MAX, SUM, L2 }

    static void register(Map<String, Op> ops) {
        ops.put("ReduceMean", (n, in) -> reduce(n, in, Kind.MEAN, 18));
        ops.put("ReduceMax", (n, in) -> reduce(n, in, Kind.MAX, 18));
        ops.put("ReduceSum", (n, in) -> reduce(n, in, Kind.SUM, 13));
        ops.put("ReduceL2", (n, in) -> reduce(n, in, Kind.L2, 18));
        ops.put("GlobalAveragePool", (n, in) -> global(n, in, Kind.MEAN));
        ops.put("GlobalMaxPool", (n, in) -> global(n, in, Kind.MAX));
        ops.put("Max", (n, in) -> variadic(n, in, Kind.MAX));
        ops.put("Min", (n, in) -> variadic(n, in, null));
        ops.put("Sum", (n, in) -> variadic(n, in, Kind.SUM));
        ops.put("Mean", (n, in) -> variadic(n, in, Kind.MEAN));
    }

    private static List<Value> reduce(NodeContext n, List<Value> in, Kind kind, int axesInputSince) {
        Value x = n.input(in, 0);
        boolean[] reduced = reducedAxes(n, in, axesInputSince);
        return List.of(reduced == null ? x : reduce(x, reduced, kind, n.attrInt("keepdims", 1) != 0));
    }

    /**
     * The axes a Reduce* node reduces: {@code axes} is an attribute before opset {@code axesInputSince} and an
     * optional int64 input from then on; none (or an empty input) means every axis, or null (the input unchanged)
     * with {@code noop_with_empty_axes=1} in the input form.
     */
    static boolean[] reducedAxes(NodeContext n, List<Value> in, int axesInputSince) {
        int rank = n.input(in, 0).rank();
        long[] axes;
        if (n.opset() >= axesInputSince) {
            Value a = NodeContext.optional(in, 1);
            axes = a == null ? new long[0] : a.longs();
            if (axes.length == 0 && n.attrInt("noop_with_empty_axes", 0) != 0) {
                return null;
            }
        } else {
            axes = n.attrInts("axes");
            if (axes == null) {
                axes = new long[0];
            }
        }
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (long a : axes) {
            int ax;
            try {
                ax = Shapes.axis(a, rank, n.opType());
            } catch (IllegalArgumentException e) {
                throw n.fail(e.getMessage());
            }
            if (reduced[ax]) {
                throw n.fail("axis " + a + " given twice in " + Arrays.toString(axes));
            }
            reduced[ax] = true;
        }
        return reduced;
    }

    /**
     * {@code GlobalAveragePool}/{@code GlobalMaxPool} (opsets 1-22): {@code [N, C, D1...]} reduced over
     * every spatial axis, kept with size 1 (what tf2onnx emits for GlobalAverage/MaxPooling1D).
     */
    private static List<Value> global(NodeContext n, List<Value> in, Kind kind) {
        Value x = n.input(in, 0);
        if (x.rank() < 3 || !x.isFloat()) {
            throw n.fail("expected a float input [N, C, D1, ...] of rank >= 3, got shape "
                    + Arrays.toString(x.shape()));
        }
        boolean[] reduced = new boolean[x.rank()];
        Arrays.fill(reduced, 2, reduced.length, true);
        return List.of(reduce(x, reduced, kind, true));
    }

    private static Value reduce(Value x, boolean[] reduced, Kind kind, boolean keepdims) {
        int rank = x.rank();
        int[] shape = x.shape();
        int[] kept = shape.clone();
        List<Integer> squeezed = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                kept[i] = 1;
            } else {
                squeezed.add(shape[i]);
            }
        }
        int outSize = Shapes.size(kept);
        int[] map = Shapes.broadcastIndex(kept, shape);
        double[] acc = new double[outSize];
        if (kind == Kind.MAX) {
            Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        float[] xv = x.isFloat() ? x.floats() : null;
        long[] lv = x.isFloat() ? null : x.longs();
        for (int i = 0; i < map.length; i++) {
            double v = xv != null ? xv[i] : lv[i];
            int o = map[i];
            switch (kind) {
                case MAX -> acc[o] = v > acc[o] || Double.isNaN(v) ? v : acc[o];
                case L2 -> acc[o] += v * v;
                default -> acc[o] += v;
            }
        }
        int count = outSize == 0 ? 0 : x.size() / outSize;
        int[] outShape = keepdims ? kept : squeezed.stream().mapToInt(Integer::intValue).toArray();
        for (int o = 0; o < outSize; o++) {
            if (kind == Kind.MEAN) {
                acc[o] /= count;
            } else if (kind == Kind.L2) {
                acc[o] = Math.sqrt(acc[o]);
            }
        }
        return pack(outShape, acc, x.isFloat());
    }

    private static Value pack(int[] shape, double[] acc, boolean isFloat) {
        if (isFloat) {
            float[] d = new float[acc.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) acc[i];
            }
            return Value.ofFloats(shape, d);
        }
        long[] d = new long[acc.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (long) acc[i];
        }
        return Value.ofLongs(shape, d);
    }

    /** Max ({@code MAX}), Min ({@code null}), Sum or Mean of every input, broadcast together. */
    private static List<Value> variadic(NodeContext n, List<Value> in, Kind kind) {
        List<Value> xs = new ArrayList<>();
        for (Value v : in) {
            if (v != null) {
                xs.add(v);
            }
        }
        if (xs.isEmpty()) {
            throw n.fail("needs at least one input");
        }
        int[] out = xs.get(0).shape();
        boolean allInts = true;
        try {
            for (Value v : xs) {
                out = Shapes.broadcast(out, v.shape());
                allInts &= !v.isFloat();
            }
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        int size = Shapes.size(out);
        if (allInts && kind != Kind.MEAN) {
            long[] acc = null;
            for (Value v : xs) {
                long[] src = v.longs();
                int[] idx = Shapes.broadcastIndex(v.shape(), out);
                if (acc == null) {
                    acc = new long[size];
                    for (int i = 0; i < size; i++) {
                        acc[i] = src[idx[i]];
                    }
                    continue;
                }
                for (int i = 0; i < size; i++) {
                    long b = src[idx[i]];
                    acc[i] = kind == Kind.MAX ? Math.max(acc[i], b) : kind == null ? Math.min(acc[i], b) : acc[i] + b;
                }
            }
            return List.of(Value.ofLongs(out, acc));
        }
        double[] acc = null;
        for (Value v : xs) {
            float[] src = v.floats();
            int[] idx = Shapes.broadcastIndex(v.shape(), out);
            if (acc == null) {
                acc = new double[size];
                for (int i = 0; i < size; i++) {
                    acc[i] = src[idx[i]];
                }
                continue;
            }
            for (int i = 0; i < size; i++) {
                double b = src[idx[i]];
                acc[i] = kind == Kind.MAX ? Math.max(acc[i], b) : kind == null ? Math.min(acc[i], b) : acc[i] + b;
            }
        }
        if (kind == Kind.MEAN) {
            for (int i = 0; i < size; i++) {
                acc[i] /= xs.size();
            }
        }
        return List.of(pack(out, acc, true));
    }
}
