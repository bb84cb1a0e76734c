package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Operators that move or describe data without arithmetic: Shape, Reshape, Flatten, Squeeze,
 * Unsqueeze, Transpose, Expand, Constant, ConstantOfShape, Cast.
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Shape", ShapeOps::shape);
        ops.put("Reshape", ShapeOps::reshape);
        ops.put("Flatten", ShapeOps::flatten);
        ops.put("Squeeze", ShapeOps::squeeze);
        ops.put("Unsqueeze", ShapeOps::unsqueeze);
        ops.put("Transpose", ShapeOps::transpose);
        ops.put("Expand", ShapeOps::expand);
        ops.put("Constant", ShapeOps::constant);
        ops.put("ConstantOfShape", ShapeOps::constantOfShape);
        ops.put("Cast", ShapeOps::cast);
    }

    private static List<Value> shape(NodeContext n, List<Value> in) {
        int[] s = n.input(in, 0).shape();
        int r = s.length;
        long start = n.attrInt("start", 0);
        long end = n.attrInt("end", r);
        int from = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
        int to = (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
        long[] d = new long[Math.max(0, to - from)];
        for (int i = 0; i < d.length; i++) {
            d[i] = s[from + i];
        }
        return List.of(Value.ofLongs(d));
    }

    private static List<Value> reshape(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] target = n.opset() < 5 ? n.attrInts("shape") : n.input(in, 1).longs();
        if (target == null) {
            throw n.fail("no target shape");
        }
        boolean allowZero = n.attrInt("allowzero", 0) != 0;
        int[] out = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw n.fail("target dim " + i + " is 0 (copy) but the input " + x + " has no dim " + i);
                }
                t = x.dim(i);
            }
            if (t == -1) {
                if (infer >= 0) {
                    throw n.fail("target shape " + Arrays.toString(target) + " has more than one -1");
                }
                infer = i;
                continue;
            }
            if (t < 0 || t > Shapes.maxElements()) {
                throw n.fail("invalid target dim " + t + " in " + Arrays.toString(target));
            }
            out[i] = (int) t;
            known *= t;
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw n.fail("cannot infer -1 in " + Arrays.toString(target) + " for input " + x);
            }
            out[infer] = (int) (x.size() / known);
        }
        if (Shapes.size(out) != x.size()) {
            throw n.fail("cannot reshape " + x + " to " + Arrays.toString(target));
        }
        return List.of(x.reshape(out));
    }

    private static List<Value> flatten(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        int axis = (int) n.attrInt("axis", 1);
        if (axis < 0) {
            axis += x.rank();
        }
        if (axis < 0 || axis > x.rank()) {
            throw n.fail("axis " + axis + " out of range for " + x);
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        return List.of(x.reshape(new int[] {outer, outer == 0 ? 0 : x.size() / outer}));
    }

    private static long[] axesOf(NodeContext n, List<Value> in) {
        if (n.opset() >= 13) {
            Value a = NodeContext.optional(in, 1);
            return a == null ? null : a.longs();
        }
        return n.attrInts("axes");
    }

    private static List<Value> squeeze(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] axes = axesOf(n, in);
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int i = 0; i < drop.length; i++) {
                drop[i] = x.dim(i) == 1;
            }
        } else {
            for (long a : axes) {
                int ax = axis(n, a, x.rank());
                if (x.dim(ax) != 1) {
                    throw n.fail("cannot squeeze axis " + a + " of " + x + ": its size is not 1");
                }
                drop[ax] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < drop.length; i++) {
            if (!drop[i]) {
                out.add(x.dim(i));
            }
        }
        return List.of(x.reshape(out.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static List<Value> unsqueeze(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] axes = axesOf(n, in);
        if (axes == null) {
            throw n.fail("axes are required");
        }
        int r = x.rank() + axes.length;
        boolean[] inserted = new boolean[r];
        for (long a : axes) {
            int ax = axis(n, a, r);
            if (inserted[ax]) {
                throw n.fail("axis " + a + " given twice");
            }
            inserted[ax] = true;
        }
        int[] out = new int[r];
        int p = 0;
        for (int i = 0; i < r; i++) {
            out[i] = inserted[i] ? 1 : x.dim(p++);
        }
        return List.of(x.reshape(out));
    }

    private static int axis(NodeContext n, long a, int rank) {
        try {
            return Shapes.axis(a, rank, n.opType());
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
    }

    private static List<Value> transpose(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        int r = x.rank();
        long[] perm = n.attrInts("perm");
        if (perm != null && perm.length != r) {
            throw n.fail("perm " + Arrays.toString(perm) + " must list the " + r + " axes of " + x);
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = perm == null ? r - 1 - i : (int) perm[i];
            if (perm != null && (perm.length != r || perm[i] < 0 || perm[i] >= r || seen[p[i]])) {
                throw n.fail("perm " + Arrays.toString(perm) + " is not a permutation of the axes of " + x);
            }
            seen[p[i]] = true;
        }
        if (!x.isFloat()) {
            return List.of(permute(x, p));
        }
        // The source index of every output element is planned once per input shape (kept on the
        // node); the output array comes from the run's buffers.
        int[] shape = x.shape();
        TransposePlan plan = n.prepared().get() instanceof TransposePlan t && Arrays.equals(t.inShape(), shape) ? t
                : null;
        if (plan == null) {
            plan = new TransposePlan(shape.clone(), permutedShape(shape, p), permutedIndex(shape, p));
            n.prepared().set(plan);
        }
        float[] src = x.floats();
        int[] index = plan.index();
        float[] d = n.floats(index.length);
        for (int k = 0; k < d.length; k++) {
            d[k] = src[index[k]];
        }
        return List.of(Value.ofFloats(plan.out(), d));
    }

    /** A Transpose node's plan for one input shape: the output shape and each output element's source. */
    private record TransposePlan(int[] inShape, int[] out, int[] index) {
    }

    /** {@code x} with axes reordered: output axis i is input axis {@code perm[i]}. */
    public static Value permute(Value x, int[] perm) {
        int[] s = x.shape();
        return x.gatherFlat(permutedShape(s, perm), permutedIndex(s, perm));
    }

    private static int[] permutedShape(int[] s, int[] perm) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[perm[i]];
        }
        return out;
    }

    /** For each element of the permuted array (row-major), its index in the source of shape {@code s}. */
    private static int[] permutedIndex(int[] s, int[] perm) {
        int r = s.length;
        int[] out = permutedShape(s, perm);
        int[] st = Shapes.strides(s);
        int[] pst = new int[r];
        for (int i = 0; i < r; i++) {
            pst[i] = st[perm[i]];
        }
        int size = Shapes.size(s);
        int[] index = new int[size];
        int[] counter = new int[r];
        int src = 0;
        for (int k = 0; k < size; k++) {
            index[k] = src;
            for (int d = r - 1; d >= 0; d--) {
                counter[d]++;
                src += pst[d];
                if (counter[d] < out[d]) {
                    break;
                }
                src -= pst[d] * counter[d];
                counter[d] = 0;
            }
        }
        return index;
    }

    private static List<Value> expand(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        int[] target;
        int[] out;
        try {
            target = Shapes.toDims(n.input(in, 1).longs(), "Expand shape");
            out = Shapes.broadcast(x.shape(), target);
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        return List.of(x.gatherFlat(out, Shapes.broadcastIndex(x.shape(), out)));
    }

    private static List<Value> constant(NodeContext n, List<Value> in) {
        Value t = n.attrTensor("value");
        if (t != null) {
            return List.of(t);
        }
        if (n.has("value_float")) {
            return List.of(Value.ofFloats(new int[0], new float[] {n.attrFloat("value_float", 0)}));
        }
        if (n.has("value_floats")) {
            float[] f = n.attrFloats("value_floats");
            return List.of(Value.ofFloats(new int[] {f.length}, f));
        }
        if (n.has("value_int")) {
            return List.of(Value.ofLongs(new int[0], new long[] {n.attrInt("value_int", 0)}));
        }
        if (n.has("value_ints")) {
            return List.of(Value.ofLongs(n.attrInts("value_ints")));
        }
        throw n.fail("needs one of the attributes value, value_float(s), value_int(s)");
    }

    private static List<Value> constantOfShape(NodeContext n, List<Value> in) {
        int[] shape;
        try {
            shape = Shapes.toDims(n.input(in, 0).longs(), "ConstantOfShape input");
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        Value v = n.attrTensor("value");
        int size = Shapes.size(shape);
        if (v == null || v.isFloat()) {
            float[] d = new float[size];
            Arrays.fill(d, v == null ? 0f : v.floats()[0]);
            return List.of(Value.ofFloats(shape, d));
        }
        long[] d = new long[size];
        Arrays.fill(d, v.longs()[0]);
        return List.of(Value.ofLongs(shape, d));
    }

    private static List<Value> cast(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        int to = (int) n.attrInt("to", 1);
        return switch (to) {
            case 1, 10, 11, 16 -> List.of(x.isFloat() ? x : Value.ofFloats(x.shape(), x.floats()));
            case 9 -> {
                float[] f = x.floats();
                long[] d = new long[f.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = f[i] != 0 ? 1 : 0;
                }
                yield List.of(Value.ofLongs(x.shape(), d));
            }
            case 2, 3, 4, 5, 6, 7, 12, 13 -> List.of(x.isFloat() ? Value.ofLongs(x.shape(), x.longs()) : x);
            default -> throw n.fail("cast to data type " + to + " is not supported; supported: float, double, "
                    + "float16, bfloat16, bool and the integer types");
        };
    }
}
