package dev.engram.io.onnx.runtime;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import java.util.List;
import java.util.Locale;

/**
 * An activation function named in the {@code activations} attribute of ONNX LSTM/GRU/RNN, with the
 * {@code alpha}/{@code beta} it consumed from {@code activation_alpha}/{@code activation_beta}.
 *
 * @param kind  the function
 * @param name  the ONNX name as written in the file
 * @param alpha the alpha parameter (or NaN if unused)
 * @param beta  the beta parameter (or NaN if unused)
 */
public record RecurrentActivation(Kind kind, String name, float alpha, float beta) {
    /** The functions ONNX defines for recurrent layers. */
    enum Kind { RELU, TANH, SIGMOID, AFFINE, LEAKY_RELU, THRESHOLDED_RELU, SCALED_TANH, HARD_SIGMOID, ELU, SOFTSIGN, SOFTPLUS }

    /** The names ONNX defines for recurrent activations. */
    static final List<String> SUPPORTED = List.of("Relu", "Tanh", "Sigmoid", "Affine", "LeakyRelu",
            "ThresholdedRelu", "ScaledTanh", "HardSigmoid", "Elu", "Softsign", "Softplus");

    /** Cursor over the alpha and beta lists, consumed in order by the parametrised functions. */
    static final class Params {
        private final float[] alphas;
        private final float[] betas;
        private int a;
        private int b;

        Params(float[] alphas, float[] betas) {
            this.alphas = alphas == null ? new float[0] : alphas;
            this.betas = betas == null ? new float[0] : betas;
        }

        float alpha(float def) {
            return a < alphas.length ? alphas[a++] : def;
        }

        float beta(float def) {
            return b < betas.length ? betas[b++] : def;
        }
    }

    /** Parses one name, taking its parameters from {@code p}; null if the name is unknown. */
    static RecurrentActivation parse(String name, Params p) {
        String key = name.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "relu" -> new RecurrentActivation(Kind.RELU, name, Float.NaN, Float.NaN);
            case "tanh" -> new RecurrentActivation(Kind.TANH, name, Float.NaN, Float.NaN);
            case "sigmoid" -> new RecurrentActivation(Kind.SIGMOID, name, Float.NaN, Float.NaN);
            case "softsign" -> new RecurrentActivation(Kind.SOFTSIGN, name, Float.NaN, Float.NaN);
            case "softplus" -> new RecurrentActivation(Kind.SOFTPLUS, name, Float.NaN, Float.NaN);
            case "affine" -> new RecurrentActivation(Kind.AFFINE, name, p.alpha(1f), p.beta(0f));
            case "leakyrelu" -> new RecurrentActivation(Kind.LEAKY_RELU, name, p.alpha(0.01f), Float.NaN);
            case "thresholdedrelu" -> new RecurrentActivation(Kind.THRESHOLDED_RELU, name, p.alpha(1f), Float.NaN);
            case "scaledtanh" -> new RecurrentActivation(Kind.SCALED_TANH, name, p.alpha(1f), p.beta(1f));
            case "hardsigmoid" -> new RecurrentActivation(Kind.HARD_SIGMOID, name, p.alpha(0.2f), p.beta(0.5f));
            case "elu" -> new RecurrentActivation(Kind.ELU, name, p.alpha(1f), Float.NaN);
            default -> null;
        };
    }

    /** The engine form of this activation, or null when the engine has none. */
    public Activation toEngine() {
        return switch (kind) {
            case SIGMOID -> Activations.sigmoid();
            case TANH -> Activations.tanh();
            case RELU -> Activations.relu();
            case SOFTSIGN -> Activations.softsign();
            case SOFTPLUS -> Activations.softplus();
            case HARD_SIGMOID -> Activations.hardSigmoid(decimal(alpha), decimal(beta));
            case ELU -> Activations.elu(decimal(alpha));
            case AFFINE -> alpha == 1f && beta == 0f ? Activations.linear() : null;
            default -> null;
        };
    }

    /**
     * The double a float32 attribute was written from: its shortest decimal form (0.2f -> 0.2, not
     * 0.20000000298023224). The float is the same either way, but writers that name functions by
     * their constants (Keras/TF.js {@code hard_sigmoid} = 0.2x + 0.5) need the intended value.
     *
     * @param f an attribute value
     * @return its shortest decimal reading
     */
    public static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** Applies the function in double precision. */
    double apply(double x) {
        return switch (kind) {
            case RELU -> Math.max(x, 0);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case SOFTPLUS -> ElementwiseOps.softplus(x);
            case AFFINE -> alpha * x + beta;
            case LEAKY_RELU -> x >= 0 ? x : alpha * x;
            case THRESHOLDED_RELU -> x > alpha ? x : 0;
            case SCALED_TANH -> alpha * Math.tanh(beta * x);
            case HARD_SIGMOID -> Math.max(0, Math.min(1, alpha * x + beta));
            case ELU -> x > 0 ? x : alpha * Math.expm1(x);
        };
    }
}
