package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Add, Sub, Mul, Div, Pow with numpy broadcasting, on float data or (for shape arithmetic) integers. */
final class BinaryOps {
    private BinaryOps() {
    }

    private interface FloatFn {
        float apply(float a, float b);
    }

    private interface LongFn {
        long apply(long a, long b);
    }

    static void register(Map<String, Op> ops) {
        ops.put("Add", op((a, b) -> a + b, (a, b) -> a + b));
        ops.put("Sub", op((a, b) -> a - b, (a, b) -> a - b));
        ops.put("Mul", op((a, b) -> a * b, (a, b) -> a * b));
        ops.put("Div", op((a, b) -> a / b, (a, b) -> {
            if (b == 0) {
                throw new ArithmeticException("integer division by zero");
            }
            return a / b;
        }));
        ops.put("Pow", op((a, b) -> (float) Math.pow(a, b), (a, b) -> (long) Math.pow(a, b)));
    }

    /**
     * The broadcast of two input shapes with the source index of every output element, planned
     * once per node for the shapes it last saw (kept in {@link NodeContext#prepared}; immutable, so
     * concurrent runs may share or replace it).
     */
    private record Broadcast(int[] aShape, int[] bShape, int[] out, int[] ia, int[] ib) {
        static Broadcast of(NodeContext n, int[] a, int[] b) {
            if (n.prepared().get() instanceof Broadcast p && Arrays.equals(p.aShape, a) && Arrays.equals(p.bShape, b)) {
                return p;
            }
            int[] out;
            try {
                out = Shapes.broadcast(a, b);
            } catch (IllegalArgumentException e) {
                throw n.fail(e.getMessage());
            }
            Broadcast p = new Broadcast(a.clone(), b.clone(), out, Shapes.broadcastIndex(a, out),
                    Shapes.broadcastIndex(b, out));
            n.prepared().set(p);
            return p;
        }
    }

    private static Op op(FloatFn f, LongFn l) {
        return (n, in) -> {
            Value a = n.input(in, 0);
            Value b = n.input(in, 1);
            Broadcast plan = Broadcast.of(n, a.shape(), b.shape());
            int[] out = plan.out();
            int[] ia = plan.ia();
            int[] ib = plan.ib();
            if (a.isFloat() || b.isFloat()) {
                float[] x = a.floats();
                float[] y = b.floats();
                float[] d = n.floats(ia.length);
                for (int i = 0; i < d.length; i++) {
                    d[i] = f.apply(x[ia[i]], y[ib[i]]);
                }
                return List.of(Value.ofFloats(out, d));
            }
            long[] x = a.longs();
            long[] y = b.longs();
            long[] d = new long[ia.length];
            try {
                for (int i = 0; i < d.length; i++) {
                    d[i] = l.apply(x[ia[i]], y[ib[i]]);
                }
            } catch (ArithmeticException e) {
                throw n.fail(e.getMessage());
            }
            return List.of(Value.ofLongs(out, d));
        };
    }
}
