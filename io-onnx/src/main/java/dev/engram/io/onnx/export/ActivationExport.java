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
        throw new UnsupportedOnnxException("layer '" + layer + "': activation " + a.name() + " has no ONNX form; "
                + "exportable: linear, relu, relu6, tanh, sigmoid, hardSigmoid, softmax, softplus, softsign, elu, "
                + "selu, swish, gelu");
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
