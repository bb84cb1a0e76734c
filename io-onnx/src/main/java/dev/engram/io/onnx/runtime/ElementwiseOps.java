package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Erf;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Element-wise ONNX operators on float data: activations, Clip, Erf, Gelu, Softmax/LogSoftmax and
 * the pass-through ops (Identity, Dropout at inference). Math is done in double and rounded once.
 */
public final class ElementwiseOps {
    /** ONNX Selu's default alpha (the float32 value of the SELU constant). */
    public static final float SELU_ALPHA = 1.67326319217681884765625f;
    /** ONNX Selu's default gamma (the float32 value of the SELU constant). */
    public static final float SELU_GAMMA = 1.05070102214813232421875f;

    private ElementwiseOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Relu", unary(n -> x -> Math.max(x, 0)));
        ops.put("Tanh", unary(n -> Math::tanh));
        ops.put("Sigmoid", unary(n -> ElementwiseOps::sigmoid));
        ops.put("HardSigmoid", unary(n -> {
            double a = n.attrFloat("alpha", 0.2f);
            double b = n.attrFloat("beta", 0.5f);
            return x -> Math.max(0, Math.min(1, a * x + b));
        }));
        ops.put("LeakyRelu", unary(n -> {
            double a = n.attrFloat("alpha", 0.01f);
            return x -> x >= 0 ? x : a * x;
        }));
        ops.put("Elu", unary(n -> {
            double a = n.attrFloat("alpha", 1f);
            return x -> x > 0 ? x : a * Math.expm1(x);
        }));
        ops.put("Selu", unary(n -> {
            double a = n.attrFloat("alpha", SELU_ALPHA);
            double g = n.attrFloat("gamma", SELU_GAMMA);
            return x -> x > 0 ? g * x : g * a * Math.expm1(x);
        }));
        ops.put("Softplus", unary(n -> ElementwiseOps::softplus));
        ops.put("Softsign", unary(n -> x -> x / (1 + Math.abs(x))));
        ops.put("Erf", unary(n -> Erf::erf));
        ops.put("Exp", unary(n -> Math::exp));
        ops.put("Log", unary(n -> Math::log));
        ops.put("Sqrt", unary(n -> Math::sqrt));
        ops.put("Neg", unary(n -> x -> -x));
        ops.put("Abs", unary(n -> Math::abs));
        ops.put("Reciprocal", unary(n -> x -> 1 / x));
        ops.put("Gelu", unary(n -> "tanh".equals(n.attrString("approximate", "none"))
                ? x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))
                : x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)))));
        ops.put("Identity", (n, in) -> List.of(n.input(in, 0)));
        ops.put("Dropout", (n, in) -> {
            Value x = n.input(in, 0);
            // Inference: the identity; the optional mask output is all true.
            long[] ones = new long[x.size()];
            java.util.Arrays.fill(ones, 1);
            return List.of(x, Value.ofLongs(x.shape(), ones));
        });
        ops.put("Clip", ElementwiseOps::clip);
        ops.put("Softmax", (n, in) -> List.of(softmax(n, n.input(in, 0), false)));
        ops.put("LogSoftmax", (n, in) -> List.of(softmax(n, n.input(in, 0), true)));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** Makes a node's element function from its attributes. */
    interface Factory {
        DoubleUnaryOperator make(NodeContext n);
    }

    /** An op applying {@code f}'s function to every element (in double, rounded once), float output. */
    static Op unary(Factory f) {
        return (n, in) -> {
            Value x = n.input(in, 0);
            DoubleUnaryOperator op = f.make(n);
            float[] src = x.floats();
            float[] d = n.floats(src.length);
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) op.applyAsDouble(src[i]);
            }
            return List.of(Value.ofFloats(x.shape(), d));
        };
    }

    private static List<Value> clip(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        float lo;
        float hi;
        if (n.opset() < 11) {
            lo = n.attrFloat("min", -Float.MAX_VALUE);
            hi = n.attrFloat("max", Float.MAX_VALUE);
        } else {
            Value min = NodeContext.optional(in, 1);
            Value max = NodeContext.optional(in, 2);
            lo = min == null ? Float.NEGATIVE_INFINITY : min.floats()[0];
            hi = max == null ? Float.POSITIVE_INFINITY : max.floats()[0];
        }
        if (!x.isFloat()) {
            long[] s = x.longs();
            long[] d = new long[s.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (long) Math.min(hi, Math.max(lo, s[i]));
            }
            return List.of(Value.ofLongs(x.shape(), d));
        }
        float[] s = x.floats();
        float[] d = n.floats(s.length);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(hi, Math.max(lo, s[i]));
        }
        return List.of(Value.ofFloats(x.shape(), d));
    }

    /**
     * Softmax over {@code axis} (opset 13+, default -1), or over the flattened trailing axes from
     * {@code axis} on (opset 1-12, default 1).
     */
    private static Value softmax(NodeContext n, Value x, boolean log) {
        int[] shape = x.shape();
        int rank = shape.length;
        boolean perAxis = n.opset() >= 13;
        int axis = Shapes.axis(n.attrInt("axis", perAxis ? -1 : 1), Math.max(rank, 1), n.opType());
        float[] src = x.floats();
        float[] d = n.floats(src.length);
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        int len;
        int inner;
        if (perAxis) {
            len = shape[axis];
            inner = src.length / Math.max(1, outer * len);
        } else {
            len = src.length / Math.max(1, outer);
            inner = 1;
        }
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < inner; k++) {
                int base = o * len * inner + k;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    max = Math.max(max, src[base + j * inner]);
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    sum += Math.exp(src[base + j * inner] - max);
                }
                double logSum = Math.log(sum);
                for (int j = 0; j < len; j++) {
                    double z = src[base + j * inner] - max;
                    d[base + j * inner] = (float) (log ? z - logSum : Math.exp(z) / sum);
                }
            }
        }
        return Value.ofFloats(shape, d);
    }
}
