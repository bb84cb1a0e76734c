package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ReverseSequence} (opsets 10-22), which tf2onnx emits for Keras {@code go_backwards} and
 * reversed sequences: for each batch entry {@code b}, the first {@code sequence_lens[b]} steps along
 * {@code time_axis} are reversed and the rest copied. {@code time_axis}/{@code batch_axis} are 0 and
 * 1 (default) or 1 and 0; lengths must lie in {@code [0, T]}.
 */
final class SequenceOps {
    private SequenceOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("ReverseSequence", SequenceOps::reverseSequence);
    }

    private static List<Value> reverseSequence(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        long[] lens = n.input(in, 1).longs();
        int timeAxis = (int) n.attrInt("time_axis", 0);
        int batchAxis = (int) n.attrInt("batch_axis", 1);
        if (!(timeAxis == 0 && batchAxis == 1 || timeAxis == 1 && batchAxis == 0)) {
            throw n.fail("time_axis " + timeAxis + " and batch_axis " + batchAxis + " must be 0 and 1 or 1 and 0");
        }
        int[] shape = x.shape();
        if (shape.length < 2) {
            throw n.fail("expected an input of rank >= 2, got shape " + Arrays.toString(shape));
        }
        int steps = shape[timeAxis];
        int batch = shape[batchAxis];
        if (lens.length != batch) {
            throw n.fail("sequence_lens has " + lens.length + " entries for batch size " + batch);
        }
        int inner = 1;
        for (int i = 2; i < shape.length; i++) {
            inner *= shape[i];
        }
        int[] src = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            if (lens[b] < 0 || lens[b] > steps) {
                throw n.fail("sequence_lens[" + b + "] = " + lens[b] + ", expected 0.." + steps);
            }
            int len = (int) lens[b];
            for (int t = 0; t < steps; t++) {
                int from = t < len ? len - 1 - t : t;
                src[block(t, b, timeAxis, steps, batch)] = block(from, b, timeAxis, steps, batch);
            }
        }
        if (x.isFloat()) {
            float[] v = x.floats();
            float[] out = new float[v.length];
            for (int k = 0; k < src.length; k++) {
                System.arraycopy(v, src[k] * inner, out, k * inner, inner);
            }
            return List.of(Value.ofFloats(shape, out));
        }
        long[] v = x.longs();
        long[] out = new long[v.length];
        for (int k = 0; k < src.length; k++) {
            System.arraycopy(v, src[k] * inner, out, k * inner, inner);
        }
        return List.of(Value.ofLongs(shape, out));
    }

    /** Index of the {@code inner}-sized block of step {@code t}, batch entry {@code b}. */
    private static int block(int t, int b, int timeAxis, int steps, int batch) {
        return timeAxis == 0 ? t * batch + b : b * steps + t;
    }
}
