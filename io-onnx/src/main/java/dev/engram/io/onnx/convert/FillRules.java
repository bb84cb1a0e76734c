package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.Folded.Const;
import dev.engram.io.onnx.convert.Folded.Fill;
import dev.engram.io.onnx.convert.Folded.Sym;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link FoldingRules} for {@link Folded.Fill} tensors (one value repeated over a shape that may hold the batch
 * size, as ones_like/zeros_like and ConstantOfShape make them): elementwise ops with other fills or one-element
 * constants, Reshape, reductions and Shape, each computed with the executor's op on the one value.
 */
final class FillRules {
    private FillRules() {
    }

    /** Ops on Fill tensors: elementwise with other fills or one-element constants, Reshape, reductions, Shape. */
    static List<Folded> evaluate(NodeContext n, List<Folded> in) {
        String op = n.opType();
        Fill f = in.get(0) instanceof Fill first ? first : null;
        if (f != null && (op.equals("Identity") || op.equals("Cast"))) {
            List<Value> v = FoldingRules.apply(n, List.of(f.scalar()));
            return v == null ? null : List.of(new Fill(v.get(0), f.dims()));
        }
        if (op.equals("Reshape") && f != null && n.attrInt("allowzero", 0) == 0) {
            long[] target = in.get(1) instanceof Sym s ? s.elements() : in.get(1) instanceof Const c ? c.value().longs()
                    : null;
            return target == null ? null : List.of(new Fill(f.scalar(), reshaped(f.dims(), target)));
        }
        if (FoldingRules.REDUCE.contains(op) && f != null) {
            return reduceFill(n, f, in);
        }
        if (!FoldingRules.ELEMENTWISE.contains(op)) {
            return null;
        }
        List<Value> scalars = new ArrayList<>();
        long[] dims = new long[0];
        for (int k = 0; k < in.size(); k++) {
            Folded x = in.get(k);
            long[] d;
            Value s;
            if (x instanceof Fill g) {
                d = g.dims();
                s = g.scalar();
            } else if (x instanceof Const c && c.value().size() == 1) {
                d = Arrays.stream(c.value().shape()).asLongStream().toArray();
                s = FoldingRules.scalar(c.value());
            } else {
                return null;
            }
            dims = broadcast(dims, d);
            if (dims == null) {
                return null;
            }
            scalars.add(s);
        }
        List<Value> v = FoldingRules.apply(n, scalars);
        return v == null || v.size() != 1 ? null : List.of(new Fill(v.get(0), dims));
    }

    private static List<Folded> reduceFill(NodeContext n, Fill f, List<Folded> in) {
        boolean axesInput = n.opType().equals("ReduceSum") ? n.opset() >= 13 : n.opset() >= 18;
        long[] axes = axesInput ? in.size() > 1 && in.get(1) instanceof Const c ? c.value().longs()
                : in.size() > 1 && !n.node().getInput(1).isEmpty() ? null : new long[0] : n.attrInts("axes");
        if (axes == null && axesInput) {
            return null;
        }
        int r = f.dims().length;
        boolean[] reduced = new boolean[r];
        if (axes == null || axes.length == 0) {
            if (n.attrInt("noop_with_empty_axes", 0) != 0) {
                return List.of(f);
            }
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[(int) FoldingRules.clamp(a, r)] = true;
            }
        }
        long count = 1;
        List<Long> out = new ArrayList<>();
        boolean keep = n.attrInt("keepdims", 1) != 0;
        for (int i = 0; i < r; i++) {
            if (reduced[i]) {
                if (Folded.marker(f.dims()[i])) {
                    return null;
                }
                count *= f.dims()[i];
                if (keep) {
                    out.add(1L);
                }
            } else {
                out.add(f.dims()[i]);
            }
        }
        double v = f.number();
        double value = switch (n.opType()) {
            case "ReduceSum" -> v * count;
            case "ReduceProd" -> Math.pow(v, count);
            default -> v;
        };
        Value s = f.scalar().isFloat() ? Value.ofFloats(new int[0], new float[] {(float) value})
                : Value.ofLongs(new int[0], new long[] {(long) value});
        return List.of(new Fill(s, out.stream().mapToLong(Long::longValue).toArray()));
    }

    /** A Reshape target's dimensions read against the input's ({@code 0} copies, {@code -1} infers). */
    static long[] reshaped(long[] from, long[] target) {
        long[] t = target.clone();
        int infer = -1;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == 0 && i < from.length) {
                t[i] = from[i];
            } else if (t[i] == -1) {
                infer = i;
            }
        }
        if (infer >= 0) {
            // Known sizes divide out; one BATCH on each side cancels.
            long have = 1;
            long want = 1;
            int batchIn = 0;
            int batchOut = 0;
            boolean open = false;
            for (long d : from) {
                batchIn += d == Folded.BATCH ? 1 : 0;
                open |= d == Folded.OPEN;
                have *= Folded.marker(d) ? 1 : d;
            }
            for (int i = 0; i < t.length; i++) {
                if (i != infer) {
                    batchOut += t[i] == Folded.BATCH ? 1 : 0;
                    open |= t[i] == Folded.OPEN;
                    want *= Folded.marker(t[i]) ? 1 : t[i];
                }
            }
            boolean exact = !open && want != 0 && have % want == 0;
            t[infer] = exact && batchIn == batchOut ? have / want : exact && batchIn == 1 && batchOut == 0
                    && have == want ? Folded.BATCH : Folded.OPEN;
        }
        return t;
    }

    private static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            long y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x == y || y == 1) {
                o[i] = x;
            } else if (x == 1) {
                o[i] = y;
            } else {
                return null;
            }
        }
        return o;
    }
}
