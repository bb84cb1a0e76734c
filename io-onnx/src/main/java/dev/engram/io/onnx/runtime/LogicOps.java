package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.List;
import java.util.Map;

/**
 * Comparisons, boolean logic and Where, with numpy broadcasting.
 *
 * <p>Booleans are integer values holding 0 (false) or 1 (true), the representation {@link Value}
 * already uses for decoded {@code bool} tensors and {@code Cast(to=BOOL)}: {@code Cast} to float
 * then gives 0.0/1.0, and every op here reads any non-zero as true. Comparing a float with an
 * integer value compares in float; two integer values compare exactly.
 *
 * <ul>
 *   <li>{@code Equal}, {@code Greater}, {@code Less} (opsets 7-22): bool outputs.</li>
 *   <li>{@code And}, {@code Or} (opsets 7-22), {@code Not} (opsets 1-22).</li>
 *   <li>{@code Where} (opsets 9-22): {@code cond ? X : Y}, all three broadcast; the result is
 *       float when X or Y is float, else integer.</li>
 * </ul>
 * The opset-1 forms with the legacy {@code broadcast}/{@code axis} attributes are refused.
 */
final class LogicOps {
    private LogicOps() {
    }

    private interface FloatCmp {
        boolean test(float a, float b);
    }

    private interface LongCmp {
        boolean test(long a, long b);
    }

    static void register(Map<String, Op> ops) {
        ops.put("Equal", compare((a, b) -> a == b, (a, b) -> a == b));
        ops.put("Greater", compare((a, b) -> a > b, (a, b) -> a > b));
        ops.put("Less", compare((a, b) -> a < b, (a, b) -> a < b));
        ops.put("And", compare((a, b) -> a != 0 && b != 0, (a, b) -> a != 0 && b != 0));
        ops.put("Or", compare((a, b) -> a != 0 || b != 0, (a, b) -> a != 0 || b != 0));
        ops.put("Not", LogicOps::not);
        ops.put("Where", LogicOps::where);
    }

    private static Op compare(FloatCmp f, LongCmp l) {
        return (n, in) -> {
            if (n.has("broadcast") || n.has("axis")) {
                throw n.fail("legacy attributes 'broadcast'/'axis' (opset 1) are not supported; re-export at opset 7+");
            }
            Value a = n.input(in, 0);
            Value b = n.input(in, 1);
            int[] out;
            try {
                out = Shapes.broadcast(a.shape(), b.shape());
            } catch (IllegalArgumentException e) {
                throw n.fail(e.getMessage());
            }
            int[] ia = Shapes.broadcastIndex(a.shape(), out);
            int[] ib = Shapes.broadcastIndex(b.shape(), out);
            long[] d = new long[ia.length];
            if (a.isFloat() || b.isFloat()) {
                float[] x = a.floats();
                float[] y = b.floats();
                for (int i = 0; i < d.length; i++) {
                    d[i] = f.test(x[ia[i]], y[ib[i]]) ? 1 : 0;
                }
            } else {
                long[] x = a.longs();
                long[] y = b.longs();
                for (int i = 0; i < d.length; i++) {
                    d[i] = l.test(x[ia[i]], y[ib[i]]) ? 1 : 0;
                }
            }
            return List.of(Value.ofLongs(out, d));
        };
    }

    private static List<Value> not(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] d = new long[x.size()];
        if (x.isFloat()) {
            float[] s = x.floats();
            for (int i = 0; i < d.length; i++) {
                d[i] = s[i] == 0 ? 1 : 0;
            }
        } else {
            long[] s = x.longs();
            for (int i = 0; i < d.length; i++) {
                d[i] = s[i] == 0 ? 1 : 0;
            }
        }
        return List.of(Value.ofLongs(x.shape(), d));
    }

    private static List<Value> where(NodeContext n, List<Value> in) {
        Value c = n.input(in, 0);
        Value x = n.input(in, 1);
        Value y = n.input(in, 2);
        int[] out;
        try {
            out = Shapes.broadcast(Shapes.broadcast(c.shape(), x.shape()), y.shape());
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        int[] ic = Shapes.broadcastIndex(c.shape(), out);
        int[] ix = Shapes.broadcastIndex(x.shape(), out);
        int[] iy = Shapes.broadcastIndex(y.shape(), out);
        boolean[] cond = new boolean[c.size()];
        if (c.isFloat()) {
            float[] s = c.floats();
            for (int i = 0; i < cond.length; i++) {
                cond[i] = s[i] != 0;
            }
        } else {
            long[] s = c.longs();
            for (int i = 0; i < cond.length; i++) {
                cond[i] = s[i] != 0;
            }
        }
        if (x.isFloat() || y.isFloat()) {
            float[] a = x.floats();
            float[] b = y.floats();
            float[] d = new float[ic.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = cond[ic[i]] ? a[ix[i]] : b[iy[i]];
            }
            return List.of(Value.ofFloats(out, d));
        }
        long[] a = x.longs();
        long[] b = y.longs();
        long[] d = new long[ic.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = cond[ic[i]] ? a[ix[i]] : b[iy[i]];
        }
        return List.of(Value.ofLongs(out, d));
    }
}
