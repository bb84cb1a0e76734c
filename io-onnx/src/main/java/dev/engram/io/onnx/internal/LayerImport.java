package dev.engram.io.onnx.internal;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import java.util.List;

/**
 * Activation mapping from ONNX to the engine for the converter: recurrent node activations and the
 * element-wise activation nodes folded into a Dense layer. Recurrent weights are mapped by
 * {@link RecurrentPattern}.
 */
final class LayerImport {
    private LayerImport() {
    }

    /** The engine form of an ONNX recurrent activation, or null when the engine has none. */
    static Activation recurrentActivation(RecurrentActivation a) {
        return switch (a.kind()) {
            case SIGMOID -> Activations.sigmoid();
            case TANH -> Activations.tanh();
            case RELU -> Activations.relu();
            case SOFTSIGN -> Activations.softsign();
            case SOFTPLUS -> Activations.softplus();
            case HARD_SIGMOID -> Activations.hardSigmoid(decimal(a.alpha()), decimal(a.beta()));
            case ELU -> Activations.elu(decimal(a.alpha()));
            case AFFINE -> a.alpha() == 1f && a.beta() == 0f ? Activations.linear() : null;
            default -> null;
        };
    }

    /** The engine activation an element-wise ONNX node computes, or null if none matches. */
    static Activation nodeActivation(NodeContext n, int rank) {
        return switch (n.opType()) {
            case "Relu" -> Activations.relu();
            case "Tanh" -> Activations.tanh();
            case "Sigmoid" -> Activations.sigmoid();
            case "Softplus" -> Activations.softplus();
            case "Softsign" -> Activations.softsign();
            case "HardSigmoid" -> Activations.hardSigmoid(decimal(n.attrFloat("alpha", 0.2f)),
                    decimal(n.attrFloat("beta", 0.5f)));
            case "Elu" -> Activations.elu(decimal(n.attrFloat("alpha", 1f)));
            case "Selu" -> close(n.attrFloat("alpha", ElementwiseOps.SELU_ALPHA), 1.6732632423543772)
                    && close(n.attrFloat("gamma", ElementwiseOps.SELU_GAMMA), 1.0507009873554805)
                    ? Activations.selu() : null;
            case "Gelu" -> Activations.gelu("tanh".equals(n.attrString("approximate", "none")));
            case "Softmax" -> {
                long axis = n.attrInt("axis", n.opset() >= 13 ? -1 : 1);
                yield n.opset() >= 13 ? (axis == -1 || axis == rank - 1 ? Activations.softmax() : null)
                        : (axis == rank - 1 || axis == -1 ? Activations.softmax() : null);
            }
            default -> null;
        };
    }

    /**
     * The double a float32 attribute was written from: its shortest decimal form (0.2f -> 0.2, not
     * 0.20000000298023224). The float is the same either way, but writers that name functions by
     * their constants (Keras/TF.js {@code hard_sigmoid} = 0.2x + 0.5) need the intended value.
     */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static boolean close(float a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.abs(b);
    }

    /** Activation op types the converter folds into a Dense layer. */
    static final List<String> ACTIVATION_OPS = List.of("Relu", "Tanh", "Sigmoid", "Softplus", "Softsign",
            "HardSigmoid", "Elu", "Selu", "Gelu", "Softmax");
}
