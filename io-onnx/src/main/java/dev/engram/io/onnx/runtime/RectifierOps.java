package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Value;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code PRelu}: {@code y = x} for {@code x >= 0}, else {@code slope * x}, the slope broadcast
 * to X unidirectionally ({@code ThresholdedRelu} is in {@link ExtraElementwiseOps}).
 */
final class RectifierOps {
    private RectifierOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("PRelu", RectifierOps::prelu);
    }

    private static List<Value> prelu(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        Value slope = n.input(in, 1);
        int[] out;
        try {
            out = Shapes.broadcast(x.shape(), slope.shape());
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        if (!java.util.Arrays.equals(out, x.shape())) {
            throw n.fail("slope " + slope + " must broadcast to X " + x + " (unidirectionally)");
        }
        int[] is = Shapes.broadcastIndex(slope.shape(), out);
        float[] xv = x.floats();
        float[] sv = slope.floats();
        float[] y = n.floats(xv.length);
        for (int i = 0; i < y.length; i++) {
            y[i] = xv[i] >= 0 ? xv[i] : sv[is[i]] * xv[i];
        }
        return List.of(Value.ofFloats(out, y));
    }
}
