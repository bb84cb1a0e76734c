package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.Folded.Const;
import dev.engram.io.onnx.convert.Folded.Fill;
import dev.engram.io.onnx.convert.Folded.Sym;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.runtime.OpRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * How {@link GraphFolding} evaluates one node on partly known inputs ({@link Folded.Sym} shapes holding the batch
 * size, {@link Folded.Fill} tensors of one value). Every rule computes with the executor's own op on stand-in
 * values, so the arithmetic is the runtime's: data-movement ops (Concat, Slice, Gather, Reshape, ...) on tensors of
 * element ids tell which input element each output element copies; elementwise ops and reductions compute on the
 * known elements and mark an output element open when a marked element reaches it.
 */
final class FoldingRules {
    /** Ops that copy elements of their data inputs (Concat: every input; the others: input 0). */
    static final Set<String> MOVES = Set.of("Identity", "Cast", "Squeeze", "Unsqueeze", "Reshape", "Flatten", "Concat",
            "Slice", "Gather", "Transpose", "Split", "Expand", "Tile");
    /** Elementwise ops with multidirectional broadcasting (Where included). */
    static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div", "Neg", "Abs", "Max", "Min", "Mod",
            "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Where", "Sign", "Pow",
            "Sqrt", "Reciprocal");
    /** Reductions a marked element spreads through as "any" (Sum, Max) or as "none unmarked" (Min, Prod). */
    static final Set<String> REDUCE = Set.of("ReduceSum", "ReduceProd", "ReduceMax", "ReduceMin",
            "ReduceMean");
    /** Largest partly known integer tensor followed (shapes are a handful of elements). */
    private static final int MAX_SYM = 4096;
    /** Element ids handed to data-movement ops: input k, element j is (k + 1) * ID_BASE + j. */
    private static final long ID_BASE = 1L << 20;

    private FoldingRules() {
    }

    /**
     * The outputs of {@code n} when its inputs ({@code in}, null for data or an absent input) allow, else null.
     *
     * @param shapeOf the probed shape of a data value (markers for the batch and open dimensions), or null
     */
    static List<Folded> evaluate(NodeContext n, List<Folded> in, Function<String, long[]> shapeOf) {
        String op = n.opType();
        if (op.equals("Shape") || op.equals("Size")) {
            long[] dims = in.get(0) instanceof Fill f ? f.dims() : in.get(0) instanceof Sym s
                    ? Arrays.stream(s.shape()).asLongStream().toArray() : shapeOf.apply(n.node().getInput(0));
            return dims == null ? null : List.of(op.equals("Size") ? size(dims) : shape(n, dims));
        }
        boolean fill = in.stream().anyMatch(f -> f instanceof Fill);
        if (fill) {
            return FillRules.evaluate(n, in);
        }
        if (op.equals("ConstantOfShape") && in.get(0) instanceof Sym s && s.shape().length == 1) {
            Value v = n.attrTensor("value");
            return List.of(new Fill(scalar(v == null ? Value.ofFloats(new int[] {1}, new float[1]) : v), s.elements()));
        }
        if (in.stream().noneMatch(f -> f instanceof Sym) || in.stream().anyMatch(f -> f instanceof Const c && c.value()
                .isFloat())) {
            return null;
        }
        if (MOVES.contains(op)) {
            return moves(n, in);
        }
        if (ELEMENTWISE.contains(op) || REDUCE.contains(op) && !op.equals("ReduceMean")) {
            return arithmetic(n, in);
        }
        return null;
    }

    private static Folded shape(NodeContext n, long[] dims) {
        int r = dims.length;
        int start = (int) clamp(n.attrInt("start", 0), r);
        int end = (int) clamp(n.attrInt("end", r), r);
        return sym(new int[] {Math.max(0, end - start)}, Arrays.copyOfRange(dims, start, Math.max(start, end)));
    }

    static long clamp(long a, int r) {
        return Math.max(0, Math.min(r, a < 0 ? a + r : a));
    }

    private static Folded size(long[] dims) {
        long p = 1;
        for (long d : dims) {
            if (Folded.marker(d)) {
                return new Sym(new int[0], new long[] {Folded.OPEN});
            }
            p *= d;
        }
        return new Const(Value.ofLongs(new int[0], new long[] {p}));
    }

    /** A Sym, or a Const when every element is known. */
    static Folded sym(int[] shape, long[] elements) {
        Sym s = new Sym(shape, elements);
        return s.complete() ? new Const(Value.ofLongs(shape, elements)) : s;
    }

    /** Data movement on element ids: each output element is the input element its id names. */
    private static List<Folded> moves(NodeContext n, List<Folded> in) {
        String op = n.opType();
        if (op.equals("Cast") && n.attrInt("to", 0) != 6 && n.attrInt("to", 0) != 7) {
            return null; // ids survive only int32 and int64
        }
        List<Value> ids = new ArrayList<>();
        List<long[]> sources = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            Folded f = in.get(k);
            boolean data = op.equals("Concat") || k == 0;
            if (f == null) {
                if (!n.node().getInput(k).isEmpty()) {
                    return null; // an input that reads data
                }
                ids.add(null);
            } else if (!data) {
                if (!(f instanceof Const c)) {
                    return null; // a parameter (axes, starts, indices) that is not known
                }
                ids.add(c.value());
            } else {
                int[] shape = f instanceof Sym s ? s.shape() : ((Const) f).value().shape();
                long[] el = f instanceof Sym s ? s.elements() : ((Const) f).value().longs();
                if (el.length > MAX_SYM) {
                    return null;
                }
                long[] id = new long[el.length];
                for (int j = 0; j < id.length; j++) {
                    id[j] = (k + 1) * ID_BASE + j;
                }
                ids.add(Value.ofLongs(shape, id));
                while (sources.size() < k) {
                    sources.add(null);
                }
                sources.add(el);
            }
        }
        List<Value> out = apply(n, ids);
        if (out == null) {
            return null;
        }
        List<Folded> r = new ArrayList<>();
        for (Value v : out) {
            long[] got = v.longs();
            long[] el = new long[got.length];
            for (int j = 0; j < got.length; j++) {
                int k = (int) (got[j] / ID_BASE) - 1;
                long e = got[j] % ID_BASE;
                if (k < 0 || k >= sources.size() || sources.get(k) == null || e >= sources.get(k).length) {
                    return null; // an element no input holds: not a pure copy
                }
                el[j] = sources.get(k)[(int) e];
            }
            r.add(sym(v.shape(), el));
        }
        return r;
    }

    /** Elementwise ops and reductions: the runtime's numbers on known elements, markers where one reaches. */
    private static List<Folded> arithmetic(NodeContext n, List<Folded> in) {
        List<Value> values = new ArrayList<>();
        List<Value> masks = new ArrayList<>();
        boolean reduce = REDUCE.contains(n.opType());
        for (int k = 0; k < in.size(); k++) {
            Folded f = in.get(k);
            if (f == null && !n.node().getInput(k).isEmpty()) {
                return null;
            }
            boolean data = !reduce || k == 0;
            if (f instanceof Sym s) {
                if (!data || s.elements().length > MAX_SYM) {
                    return null;
                }
                values.add(s.filled(1));
                masks.add(s.mask());
            } else {
                Value c = f == null ? null : ((Const) f).value();
                values.add(c);
                masks.add(c == null || !data ? c : Value.ofLongs(c.shape(), new long[c.size()]));
            }
        }
        List<Value> out = apply(n, values);
        if (out == null || out.size() != 1) {
            return null;
        }
        Value v = out.get(0);
        boolean[] marked = reduce ? reducedMask(n, masks) : broadcastMask(v.shape(), masks);
        if (marked == null) {
            return null;
        }
        long[] el = v.longs().clone();
        for (int j = 0; j < el.length; j++) {
            if (marked[j]) {
                el[j] = Folded.OPEN;
            }
        }
        return List.of(sym(v.shape(), el));
    }

    private static boolean[] reducedMask(NodeContext n, List<Value> masks) {
        boolean none = n.opType().equals("ReduceMin") || n.opType().equals("ReduceProd");
        Value m = masks.get(0);
        if (none) {
            m = Value.ofLongs(m.shape(), Arrays.stream(m.longs()).map(x -> 1 - x).toArray());
        }
        List<Value> args = new ArrayList<>(masks);
        args.set(0, m);
        List<Value> r = apply(n, args);
        if (r == null) {
            return null;
        }
        long[] got = r.get(0).longs();
        boolean[] marked = new boolean[got.length];
        for (int j = 0; j < got.length; j++) {
            marked[j] = none ? got[j] == 0 : got[j] != 0;
        }
        return marked;
    }

    /** Output element j is marked when a marked input element broadcasts to it. */
    static boolean[] broadcastMask(int[] out, List<Value> masks) {
        int size = dev.engram.io.onnx.codec.Shapes.size(out);
        boolean[] marked = new boolean[size];
        for (Value m : masks) {
            if (m == null) {
                continue;
            }
            int[] s = m.shape();
            if (s.length > out.length) {
                return null;
            }
            long[] bits = m.longs();
            for (int j = 0; j < size; j++) {
                if (!marked[j] && bits[sourceIndex(out, s, j)] != 0) {
                    marked[j] = true;
                }
            }
        }
        return marked;
    }

    /** The element of an input of shape {@code in} that broadcasting reads for output element {@code flat}. */
    private static int sourceIndex(int[] out, int[] in, int flat) {
        int idx = 0;
        int stride = 1;
        int rest = flat;
        for (int a = out.length - 1, b = in.length - 1; a >= 0; a--, b--) {
            int coord = rest % out[a];
            rest /= out[a];
            if (b >= 0) {
                idx += (in[b] == 1 ? 0 : coord) * stride;
                stride *= in[b];
            }
        }
        return idx;
    }

    static Value scalar(Value v) {
        return v.reshape(new int[0]);
    }

    /** The executor's op on stand-in values, or null when it refuses them. */
    static List<Value> apply(NodeContext n, List<Value> in) {
        try {
            return OpRegistry.get(n.opType()).apply(n, in);
        } catch (RuntimeException e) {
            return null; // the stand-ins are outside what the op takes: nothing is folded
        }
    }
}
