package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reductions {@link ReduceOps} does not have, and ArgMax/ArgMin (opsets 1-22). tf2onnx writes Keras's
 * LayerNormalization with {@code ReduceProd} over shape integers; PyTorch writes {@code amin}/{@code argmax} heads.
 * <ul>
 *   <li>{@code ReduceProd}, {@code ReduceMin}, {@code ReduceL1}, {@code ReduceSumSquare}, {@code ReduceLogSum},
 *       {@code ReduceLogSumExp}: axes as for every Reduce* ({@link ReduceOps#reducedAxes}: an attribute before
 *       opset 18, an optional input from 18 on), {@code keepdims} default 1. Over an empty set: 1, +inf, 0, 0, -inf,
 *       -inf. Integer inputs give exact integer results (ReduceProd over a shape); floats accumulate in double and
 *       round once. ReduceLogSumExp subtracts the maximum first, as ONNX Runtime does, so large inputs do not
 *       overflow.</li>
 *   <li>{@code ArgMax}, {@code ArgMin}: int64 index along {@code axis} (default 0, negative allowed), {@code keepdims}
 *       default 1, {@code select_last_index} (opset 12+) picks the last of equal extremes instead of the first.</li>
 * </ul>
 */
final class ExtraReduceOps {
    private ExtraReduceOps() {
    }

    private enum Kind { PROD, MIN, L1, SUM_SQUARE, LOG_SUM, LOG_SUM_EXP }

    static void register(Map<String, Op> ops) {
        ops.put("ReduceProd", (n, in) -> reduce(n, in, Kind.PROD));
        ops.put("ReduceMin", (n, in) -> reduce(n, in, Kind.MIN));
        ops.put("ReduceL1", (n, in) -> reduce(n, in, Kind.L1));
        ops.put("ReduceSumSquare", (n, in) -> reduce(n, in, Kind.SUM_SQUARE));
        ops.put("ReduceLogSum", (n, in) -> reduce(n, in, Kind.LOG_SUM));
        ops.put("ReduceLogSumExp", (n, in) -> reduce(n, in, Kind.LOG_SUM_EXP));
        ops.put("ArgMax", (n, in) -> arg(n, in, true));
        ops.put("ArgMin", (n, in) -> arg(n, in, false));
    }

    private static List<Value> reduce(NodeContext n, List<Value> in, Kind kind) {
        Value x = n.input(in, 0);
        boolean[] reduced = ReduceOps.reducedAxes(n, in, 18);
        if (reduced == null) {
            return List.of(x);
        }
        boolean keep = n.attrInt("keepdims", 1) != 0;
        int[] shape = x.shape();
        int[] kept = shape.clone();
        List<Integer> squeezed = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i]) {
                kept[i] = 1;
            } else {
                squeezed.add(shape[i]);
            }
        }
        int[] outShape = keep ? kept : squeezed.stream().mapToInt(Integer::intValue).toArray();
        int outSize = Shapes.size(kept);
        int[] map = Shapes.broadcastIndex(kept, shape);
        boolean exactInts = !x.isFloat() && kind != Kind.LOG_SUM && kind != Kind.LOG_SUM_EXP;
        if (exactInts) {
            long[] v = x.longs();
            long[] acc = new long[outSize];
            java.util.Arrays.fill(acc, kind == Kind.PROD ? 1 : kind == Kind.MIN ? Long.MAX_VALUE : 0);
            for (int i = 0; i < map.length; i++) {
                int o = map[i];
                acc[o] = switch (kind) {
                    case PROD -> acc[o] * v[i];
                    case MIN -> Math.min(acc[o], v[i]);
                    case L1 -> acc[o] + Math.abs(v[i]);
                    default -> acc[o] + v[i] * v[i];
                };
            }
            return List.of(Value.ofLongs(outShape, acc));
        }
        float[] v = x.floats();
        double[] shift = new double[outSize];
        if (kind == Kind.LOG_SUM_EXP) {
            java.util.Arrays.fill(shift, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < map.length; i++) {
                shift[map[i]] = Math.max(shift[map[i]], v[i]);
            }
            for (int o = 0; o < outSize; o++) {
                shift[o] = Double.isInfinite(shift[o]) ? 0 : shift[o];
            }
        }
        double[] acc = new double[outSize];
        java.util.Arrays.fill(acc, kind == Kind.PROD ? 1 : kind == Kind.MIN ? Double.POSITIVE_INFINITY : 0);
        for (int i = 0; i < map.length; i++) {
            int o = map[i];
            double e = v[i];
            acc[o] = switch (kind) {
                case PROD -> acc[o] * e;
                case MIN -> e < acc[o] || Double.isNaN(e) ? e : acc[o];
                case L1 -> acc[o] + Math.abs(e);
                case SUM_SQUARE -> acc[o] + e * e;
                case LOG_SUM -> acc[o] + e;
                case LOG_SUM_EXP -> acc[o] + Math.exp(e - shift[o]);
            };
        }
        float[] d = new float[outSize];
        for (int o = 0; o < outSize; o++) {
            double r = switch (kind) {
                case LOG_SUM -> Math.log(acc[o]);
                case LOG_SUM_EXP -> Math.log(acc[o]) + shift[o];
                default -> acc[o];
            };
            d[o] = (float) r;
        }
        return List.of(Value.ofFloats(outShape, d));
    }

    private static List<Value> arg(NodeContext n, List<Value> in, boolean max) {
        Value x = n.input(in, 0);
        int rank = x.rank();
        int axis;
        try {
            axis = Shapes.axis(n.attrInt("axis", 0), rank, n.opType());
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        boolean last = n.attrInt("select_last_index", 0) != 0;
        boolean keep = n.attrInt("keepdims", 1) != 0;
        int[] s = x.shape();
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= s[a];
        }
        int len = s[axis];
        if (len == 0) {
            throw n.fail("cannot take an " + n.opType() + " along an empty axis of " + x);
        }
        int inner = Shapes.size(s) / Math.max(1, outer * len);
        float[] v = x.floats();
        long[] idx = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float bv = v[o * len * inner + i];
                for (int k = 1; k < len; k++) {
                    float c = v[(o * len + k) * inner + i];
                    boolean better = max ? (last ? c >= bv : c > bv) : (last ? c <= bv : c < bv);
                    if (better) {
                        best = k;
                        bv = c;
                    }
                }
                idx[o * inner + i] = best;
            }
        }
        int[] shape;
        if (keep) {
            shape = s.clone();
            shape[axis] = 1;
        } else {
            shape = new int[rank - 1];
            System.arraycopy(s, 0, shape, 0, axis);
            System.arraycopy(s, axis + 1, shape, axis, rank - axis - 1);
        }
        return List.of(Value.ofLongs(shape, idx));
    }
}
