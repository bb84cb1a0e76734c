package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Normalisation operators on float data, computed in double and rounded once.
 *
 * <ul>
 *   <li>{@code BatchNormalization} (opsets 6-22, inference form only):
 *       {@code Y = (X - mean) / sqrt(var + epsilon) · scale + B} per channel (axis 1 of
 *       {@code X[N, C, ...]}; {@code scale, B, mean, var} are {@code [C]}); {@code training_mode=1}
 *       and the pre-opset-9 {@code spatial=0} are refused.</li>
 *   <li>{@code LayerNormalization} (opset 17+): over the axes {@code [axis, rank)} (default
 *       {@code axis=-1}), {@code mean}, {@code var = mean((X - mean)^2)},
 *       {@code InvStdDev = 1 / sqrt(var + epsilon)} (default epsilon 1e-5),
 *       {@code Y = (X - mean) · InvStdDev · Scale + B}, with Scale and B broadcast to
 *       {@code X.shape[axis:]}; the optional outputs Mean and InvStdDev have shape
 *       {@code X.shape[:axis] + [1] · (rank - axis)}.</li>
 * </ul>
 */
final class NormOps {
    private NormOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("BatchNormalization", NormOps::batchNorm);
        ops.put("LayerNormalization", NormOps::layerNorm);
    }

    private static List<Value> batchNorm(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        if (n.attrInt("training_mode", 0) != 0) {
            throw n.fail("training_mode=1 is not supported (inference only)");
        }
        if (n.attrInt("spatial", 1) != 1) {
            throw n.fail("spatial=0 (per-activation statistics) is not supported");
        }
        if (x.rank() < 2) {
            throw n.fail("X must be [N, C, ...], got " + x);
        }
        int c = x.dim(1);
        float[][] p = new float[4][];
        String[] names = {"scale", "B", "mean", "var"};
        for (int i = 0; i < 4; i++) {
            Value v = n.input(in, i + 1);
            if (v.size() != c) {
                throw n.fail(names[i] + " must have " + c + " values (channels of " + x + "), got " + v);
            }
            p[i] = v.floats();
        }
        double eps = n.attrFloat("epsilon", 1e-5f);
        float[] xv = x.floats();
        float[] y = new float[xv.length];
        int inner = xv.length / Math.max(1, x.dim(0) * c);
        for (int i = 0; i < xv.length; i++) {
            int ch = (i / Math.max(1, inner)) % c;
            double inv = 1 / Math.sqrt(p[3][ch] + eps);
            y[i] = (float) ((xv[i] - (double) p[2][ch]) * inv * p[0][ch] + p[1][ch]);
        }
        return List.of(Value.ofFloats(x.shape(), y));
    }

    private static List<Value> layerNorm(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        Value scale = n.input(in, 1);
        Value bias = NodeContext.optional(in, 2);
        int rank = x.rank();
        int axis;
        try {
            axis = Shapes.axis(n.attrInt("axis", -1), rank, n.opType());
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        int[] shape = x.shape();
        int[] normShape = java.util.Arrays.copyOfRange(shape, axis, rank);
        int len = Shapes.size(normShape);
        int outer = x.size() / Math.max(1, len);
        int[] si = broadcastTo(n, scale, normShape, "Scale");
        int[] bi = bias == null ? null : broadcastTo(n, bias, normShape, "B");
        double eps = n.attrFloat("epsilon", 1e-5f);
        float[] xv = x.floats();
        float[] sv = scale.floats();
        float[] bv = bias == null ? null : bias.floats();
        float[] y = new float[xv.length];
        float[] meanOut = new float[outer];
        float[] invOut = new float[outer];
        for (int o = 0; o < outer; o++) {
            int base = o * len;
            double sum = 0;
            for (int j = 0; j < len; j++) {
                sum += xv[base + j];
            }
            double mean = sum / len;
            double sq = 0;
            for (int j = 0; j < len; j++) {
                double d = xv[base + j] - mean;
                sq += d * d;
            }
            double inv = 1 / Math.sqrt(sq / len + eps);
            for (int j = 0; j < len; j++) {
                double v = (xv[base + j] - mean) * inv * sv[si[j]];
                y[base + j] = (float) (bv == null ? v : v + bv[bi[j]]);
            }
            meanOut[o] = (float) mean;
            invOut[o] = (float) inv;
        }
        int[] statShape = shape.clone();
        for (int i = axis; i < rank; i++) {
            statShape[i] = 1;
        }
        List<Value> res = new ArrayList<>();
        res.add(Value.ofFloats(shape, y));
        res.add(Value.ofFloats(statShape, meanOut));
        res.add(Value.ofFloats(statShape, invOut));
        return res;
    }

    /** The broadcast index of {@code v} into {@code target}; {@code v} must broadcast unidirectionally. */
    private static int[] broadcastTo(NodeContext n, Value v, int[] target, String what) {
        try {
            if (!java.util.Arrays.equals(Shapes.broadcast(v.shape(), target), target)) {
                throw new IllegalArgumentException(what + " " + v + " does not broadcast to "
                        + java.util.Arrays.toString(target));
            }
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        return Shapes.broadcastIndex(v.shape(), target);
    }
}
