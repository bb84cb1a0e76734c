package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import java.util.List;
import java.util.Map;

/**
 * Element-wise operators beyond {@link ElementwiseOps} that exporters write for activations and rounding
 * (PyTorch: {@code nn.Hardswish} -> HardSwish, {@code nn.Mish} -> Mish at opset 18+, {@code nn.CELU} -> Celu;
 * tf2onnx: Floor/Ceil/Round/Sign in quantisation and index arithmetic). All opsets 6-22; math in double, rounded
 * once. {@code Round} rounds half to even (ONNX's rule); {@code Sign} keeps integer inputs integer;
 * {@code HardSwish} is {@code x·max(0, min(1, x/6 + 1/2))}; {@code Mish} {@code x·tanh(softplus(x))};
 * {@code Celu(alpha)} {@code max(0,x) + min(0, alpha·(exp(x/alpha) - 1))}; {@code ThresholdedRelu(alpha)}
 * {@code x} where {@code x > alpha}, else 0; {@code Shrink(bias, lambd)} {@code x + bias} below {@code -lambd},
 * {@code x - bias} above {@code lambd}, else 0 (PyTorch's Hardshrink/Softshrink).
 */
final class ExtraElementwiseOps {
    private ExtraElementwiseOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Floor", ElementwiseOps.unary(n -> Math::floor));
        ops.put("Ceil", ElementwiseOps.unary(n -> Math::ceil));
        ops.put("Round", ElementwiseOps.unary(n -> Math::rint));
        ops.put("Sin", ElementwiseOps.unary(n -> Math::sin));
        ops.put("Cos", ElementwiseOps.unary(n -> Math::cos));
        ops.put("HardSwish", ElementwiseOps.unary(n -> x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))));
        ops.put("Mish", ElementwiseOps.unary(n -> x -> x * Math.tanh(ElementwiseOps.softplus(x))));
        ops.put("Celu", ElementwiseOps.unary(n -> {
            double a = n.attrFloat("alpha", 1f);
            return x -> Math.max(0, x) + Math.min(0, a * Math.expm1(x / a));
        }));
        ops.put("Shrink", ElementwiseOps.unary(n -> {
            double bias = n.attrFloat("bias", 0f);
            double lambd = n.attrFloat("lambd", 0.5f);
            return x -> x < -lambd ? x + bias : x > lambd ? x - bias : 0;
        }));
        ops.put("ThresholdedRelu", ElementwiseOps.unary(n -> {
            double a = n.attrFloat("alpha", 1f);
            return x -> x > a ? x : 0;
        }));
        ops.put("Sign", (n, in) -> {
            Value x = n.input(in, 0);
            if (!x.isFloat()) {
                long[] s = x.longs();
                long[] d = new long[s.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = Long.signum(s[i]);
                }
                return List.of(Value.ofLongs(x.shape(), d));
            }
            return ElementwiseOps.unary(m -> Math::signum).apply(n, in);
        });
    }
}
