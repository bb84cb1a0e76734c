package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto.Dimension;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.io.onnx.runtime.GraphExecutor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of every value of a graph, learnt by running it twice on stand-in inputs: once with batch size
 * {@value #BATCH_1} and once with {@value #BATCH_2} (the input dimensions the file leaves open besides the batch
 * take {@value #OPEN_1} and {@value #OPEN_2}). A dimension equal in both runs is known; one that is the batch size
 * in both is {@link Folded#BATCH}; any other that changes is {@link Folded#OPEN}. Float inputs hold a sine ramp and
 * integer inputs 0 / 1 (valid indices for any Gather / Embedding), different in the two runs, so a shape that depends
 * on data values (NonZero, a Slice whose bounds are computed from data) changes between them and is not taken as
 * known, except by a coincidence of those particular values.
 */
final class ShapeProbe {
    static final int BATCH_1 = 3;
    static final int BATCH_2 = 5;
    static final int OPEN_1 = 7;
    static final int OPEN_2 = 11;

    private final List<Map<String, int[]>> runs;

    private ShapeProbe(List<Map<String, int[]>> runs) {
        this.runs = runs;
    }

    /** The probe of {@code graph}, or null when it does not run on the stand-in inputs. */
    static ShapeProbe run(GraphExecutor graph) {
        String batchParam = null;
        for (String in : graph.inputNames()) {
            List<Dimension> dims = dims(graph.inputInfo(in));
            if (dims != null && !dims.isEmpty() && !dims.get(0).hasDimValue()) {
                batchParam = dims.get(0).getDimParam();
                break;
            }
        }
        try {
            Map<String, int[]> first = graph.valueShapes(inputs(graph, batchParam, BATCH_1, OPEN_1, 0));
            Map<String, int[]> second = graph.valueShapes(inputs(graph, batchParam, BATCH_2, OPEN_2, 1));
            return new ShapeProbe(List.of(first, second));
        } catch (RuntimeException e) {
            return null; // the stand-ins are not inputs this graph takes (a fixed id range, a length it needs)
        }
    }

    private static Map<String, Value> inputs(GraphExecutor graph, String batchParam, int batch, int open, int run) {
        Map<String, Value> r = new HashMap<>();
        for (String in : graph.inputNames()) {
            ValueInfoProto info = graph.inputInfo(in);
            List<Dimension> dims = dims(info);
            if (dims == null) {
                throw new IllegalStateException("input '" + in + "' declares no shape");
            }
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                Dimension d = dims.get(i);
                boolean isBatch = i == 0 || batchParam != null && !batchParam.isEmpty()
                        && batchParam.equals(d.getDimParam());
                shape[i] = d.hasDimValue() ? (int) d.getDimValue() : isBatch ? batch : open;
            }
            int n = dev.engram.io.onnx.codec.Shapes.size(shape);
            int type = info.getType().getTensorType().getElemType();
            if (type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE
                    || type == TensorProto.DataType.FLOAT16_VALUE) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) Math.sin(0.37 * i + 0.1 + 1.3 * run);
                }
                r.put(in, Value.ofFloats(shape, f));
            } else {
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = (i + run) % 2;
                }
                r.put(in, Value.ofLongs(shape, ids));
            }
        }
        return r;
    }

    private static List<Dimension> dims(ValueInfoProto info) {
        var t = info.getType();
        return t.hasTensorType() && t.getTensorType().hasShape() ? t.getTensorType().getShape().getDimList() : null;
    }

    /** The shape of {@code value} in run 0 or 1, or null when the runs did not compute it. */
    int[] shape(int run, String value) {
        return runs.get(run).get(value);
    }

    /** The dimensions of {@code value} with {@link Folded#BATCH} / {@link Folded#OPEN} markers, or null. */
    long[] dims(String value) {
        int[] a = shape(0, value);
        int[] b = shape(1, value);
        if (a == null || b == null || a.length != b.length) {
            return null;
        }
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] == b[i] ? a[i] : a[i] == BATCH_1 && b[i] == BATCH_2 ? Folded.BATCH : Folded.OPEN;
        }
        return r;
    }

    /** True when both values have one shape in each run (so one may stand for the other). */
    boolean sameShape(String a, String b) {
        for (int run = 0; run < 2; run++) {
            int[] x = shape(run, a);
            if (x == null || !Arrays.equals(x, shape(run, b))) {
                return false;
            }
        }
        return true;
    }

    /** Multidirectional broadcasting of two shapes, or null when they do not broadcast. */
    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            o[i] = x == 1 ? y : x;
        }
        return o;
    }
}
