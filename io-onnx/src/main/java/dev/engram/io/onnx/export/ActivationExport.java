package dev.engram.io.onnx.export;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.activations.Elu;
import dev.engram.activations.Gelu;
import dev.engram.activations.HardSigmoid;
import dev.engram.io.onnx.UnsupportedOnnxException;
import java.util.List;

/**
 * Engine activations as ONNX: graph nodes after a Dense layer, or names with alpha/beta for the
 * {@code activations} attribute of an ONNX LSTM. The one place engine activations meet ONNX names.
 */
final class ActivationExport {
    /** Selu constants the engine uses (Keras's), written explicitly since ONNX's defaults are float-rounded. */
    private static final float SELU_ALPHA = 1.6732632423543772f;
    private static final float SELU_GAMMA = 1.0507009873554805f;

    /** An ONNX recurrent activation: name, and alpha/beta if it takes them (else NaN). */
    record Recurrent(String name, float alpha, float beta) {
    }

    private ActivationExport() {
    }

    /** Appends nodes computing {@code a(x)} and returns the output name ({@code x} itself for linear). */
    static String apply(GraphBuilder g, Activation a, String x, String layer) throws UnsupportedOnnxException {
        if (a.equals(Activations.linear())) {
            return x;
        }
        String out = layer + "_" + simpleName(a);
        if (a.equals(Activations.relu())) {
            return g.node("Relu", out, List.of(x));
        }
        if (a.equals(Activations.tanh())) {
            return g.node("Tanh", out, List.of(x));
        }
        if (a.equals(Activations.sigmoid())) {
            return g.node("Sigmoid", out, List.of(x));
        }
        if (a.equals(Activations.softmax())) {
            return g.node("Softmax", out, List.of(x), GraphBuilder.attr("axis", -1L));
        }
        if (a.equals(Activations.softplus())) {
            return g.node("Softplus", out, List.of(x));
        }
        if (a.equals(Activations.softsign())) {
            return g.node("Softsign", out, List.of(x));
        }
        if (a.equals(Activations.selu())) {
            return g.node("Selu", out, List.of(x), GraphBuilder.attr("alpha", SELU_ALPHA),
                    GraphBuilder.attr("gamma", SELU_GAMMA));
        }
        if (a.equals(Activations.relu6())) {
            return g.node("Clip", out, List.of(x, g.scalar("zero", 0f), g.scalar("six", 6f)));
        }
        if (a.equals(Activations.swish())) {
            String s = g.node("Sigmoid", out + "_sigmoid", List.of(x));
            return g.node("Mul", out, List.of(x, s));
        }
        if (a instanceof HardSigmoid h) {
            return g.node("HardSigmoid", out, List.of(x), GraphBuilder.attr("alpha", (float) h.slope()),
                    GraphBuilder.attr("beta", (float) h.offset()));
        }
        if (a instanceof Elu e) {
            return g.node("Elu", out, List.of(x), GraphBuilder.attr("alpha", (float) e.alpha()));
        }
        if (a instanceof Gelu ge) {
            return gelu(g, ge.approximate(), x, out);
        }
        String keras3 = keras3(g, a, x, out);
        if (keras3 != null) {
            return keras3;
        }
        throw new UnsupportedOnnxException("layer '" + layer + "': activation " + a.name() + " has no ONNX form; "
                + "exportable: linear, relu, relu6, tanh, sigmoid, hardSigmoid, softmax, softplus, softsign, elu, "
                + "selu, swish, gelu, exponential, mish, logSoftmax, logSigmoid, hardSilu, leakyRelu, celu, hardTanh, "
                + "tanhShrink, hardShrink, softShrink, squareplus, sparsePlus, sparseSigmoid");
    }

    /** The activations TF.js and Keras 3 added by name, or null when {@code a} is none of them. */
    private static String keras3(GraphBuilder g, Activation a, String x, String out) {
        if (a.equals(Activations.exponential())) {
            return g.node("Exp", out, List.of(x));
        }
        if (a.equals(Activations.mish())) {
            if (g.opset() >= 18) {
                return g.node("Mish", out, List.of(x));
            }
            String sp = g.node("Softplus", out + "_softplus", List.of(x));
            return g.node("Mul", out, List.of(x, g.node("Tanh", out + "_tanh", List.of(sp))));
        }
        if (a.equals(Activations.logSoftmax())) {
            return g.node("LogSoftmax", out, List.of(x), GraphBuilder.attr("axis", -1L));
        }
        if (a.equals(Activations.logSigmoid())) {
            String sp = g.node("Softplus", out + "_softplus", List.of(g.node("Neg", out + "_neg", List.of(x))));
            return g.node("Neg", out, List.of(sp));
        }
        if (a.equals(Activations.hardSilu())) {
            return g.node("HardSwish", out, List.of(x));
        }
        if (a.equals(Activations.leakyRelu())) {
            return g.node("LeakyRelu", out, List.of(x), GraphBuilder.attr("alpha", 0.2f));
        }
        if (a.equals(Activations.celu())) {
            return g.node("Celu", out, List.of(x), GraphBuilder.attr("alpha", 1f));
        }
        if (a.equals(Activations.hardTanh())) {
            return g.node("Clip", out, List.of(x, g.scalar("minus_one", -1f), g.scalar("one", 1f)));
        }
        if (a.equals(Activations.tanhShrink())) {
            return g.node("Sub", out, List.of(x, g.node("Tanh", out + "_tanh", List.of(x))));
        }
        if (a.equals(Activations.hardShrink()) || a.equals(Activations.softShrink())) {
            float bias = a.equals(Activations.softShrink()) ? 0.5f : 0f;
            return g.node("Shrink", out, List.of(x), GraphBuilder.attr("bias", bias), GraphBuilder.attr("lambd", 0.5f));
        }
        if (a.equals(Activations.squareplus())) {
            // (x + sqrt(x^2 + 4)) / 2
            String root = g.node("Sqrt", out + "_root", List.of(g.node("Add", out + "_sq4", List.of(
                    g.node("Mul", out + "_sq", List.of(x, x)), g.scalar("four", 4f)))));
            return g.node("Mul", out, List.of(g.node("Add", out + "_sum", List.of(x, root)), g.scalar("half", 0.5f)));
        }
        if (a.equals(Activations.sparsePlus())) {
            // max(x, (clip(x, -1, 1) + 1)^2 / 4): the quadratic lies above x between -1 and 1, is 0 below
            // -1 (where x is negative) and 1 above 1 (where x is larger), so the maximum is each branch.
            String c1 = g.node("Add", out + "_c1", List.of(g.node("Clip", out + "_clip", List.of(x,
                    g.scalar("minus_one", -1f), g.scalar("one", 1f))), g.scalar("one", 1f)));
            String q = g.node("Mul", out + "_q", List.of(g.node("Mul", out + "_c1sq", List.of(c1, c1)),
                    g.scalar("quarter", 0.25f)));
            return g.node("Max", out, List.of(x, q));
        }
        if (a.equals(Activations.sparseSigmoid())) {
            return g.node("HardSigmoid", out, List.of(x), GraphBuilder.attr("alpha", 0.5f),
                    GraphBuilder.attr("beta", 0.5f));
        }
        return null;
    }

    private static String gelu(GraphBuilder g, boolean approximate, String x, String out) {
        if (g.opset() >= 20) {
            return g.node("Gelu", out, List.of(x), GraphBuilder.attr("approximate", approximate ? "tanh" : "none"));
        }
        String inner;
        if (approximate) {
            // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            String x3 = g.node("Mul", out + "_x3", List.of(g.node("Mul", out + "_x2", List.of(x, x)), x));
            String poly = g.node("Add", out + "_poly", List.of(x, g.node("Mul", out + "_c", List.of(x3,
                    g.scalar("gelu_cubic", 0.044715f)))));
            inner = g.node("Tanh", out + "_tanh", List.of(g.node("Mul", out + "_s", List.of(poly,
                    g.scalar("gelu_sqrt_2_over_pi", (float) Math.sqrt(2 / Math.PI))))));
        } else {
            // 0.5 x (1 + erf(x / sqrt 2))
            inner = g.node("Erf", out + "_erf", List.of(g.node("Mul", out + "_scaled", List.of(x,
                    g.scalar("gelu_inv_sqrt2", (float) Math.sqrt(0.5))))));
        }
        String onePlus = g.node("Add", out + "_1p", List.of(inner, g.scalar("one", 1f)));
        String half = g.node("Mul", out + "_half", List.of(x, g.scalar("half", 0.5f)));
        return g.node("Mul", out, List.of(half, onePlus));
    }

    /** The ONNX recurrent-activation form of {@code a}, or an exception listing what LSTM accepts. */
    static Recurrent recurrent(Activation a, String layer) throws UnsupportedOnnxException {
        if (a.equals(Activations.sigmoid())) {
            return new Recurrent("Sigmoid", Float.NaN, Float.NaN);
        }
        if (a.equals(Activations.tanh())) {
            return new Recurrent("Tanh", Float.NaN, Float.NaN);
        }
        if (a.equals(Activations.relu())) {
            return new Recurrent("Relu", Float.NaN, Float.NaN);
        }
        if (a.equals(Activations.softsign())) {
            return new Recurrent("Softsign", Float.NaN, Float.NaN);
        }
        if (a.equals(Activations.softplus())) {
            return new Recurrent("Softplus", Float.NaN, Float.NaN);
        }
        if (a.equals(Activations.linear())) {
            return new Recurrent("Affine", 1f, 0f);
        }
        if (a instanceof HardSigmoid h) {
            return new Recurrent("HardSigmoid", (float) h.slope(), (float) h.offset());
        }
        if (a instanceof Elu e) {
            return new Recurrent("Elu", (float) e.alpha(), Float.NaN);
        }
        throw new UnsupportedOnnxException("LSTM layer '" + layer + "': activation " + a.name()
                + " cannot be an ONNX LSTM activation; ONNX LSTM accepts sigmoid, tanh, relu, softsign, softplus, "
                + "linear (Affine), hardSigmoid(slope, offset) and elu(alpha)");
    }

    private static String simpleName(Activation a) {
        String n = a.name();
        int p = n.indexOf('(');
        return p < 0 ? n : n.substring(0, p);
    }
}
