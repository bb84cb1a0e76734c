package dev.engram.io.onnx.convert;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.io.onnx.runtime.ElementwiseOps;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.runtime.RecurrentActivation;
import java.util.List;

/**
 * The element-wise ONNX activation nodes the converter folds into a Dense layer (or reads as an
 * Activation layer), as engine activations. Recurrent node activations map through
 * {@link RecurrentActivation#toEngine()}.
 */
final class ActivationImport {
    private ActivationImport() {
    }

    /** The engine activation an element-wise ONNX node computes, or null if none matches. */
    static Activation nodeActivation(NodeContext n, int rank) {
        return switch (n.opType()) {
            case "Relu" -> Activations.relu();
            case "Tanh" -> Activations.tanh();
            case "Sigmoid" -> Activations.sigmoid();
            case "Softplus" -> Activations.softplus();
            case "Softsign" -> Activations.softsign();
            case "HardSigmoid" -> Activations.hardSigmoid(RecurrentActivation.decimal(n.attrFloat("alpha", 0.2f)),
                    RecurrentActivation.decimal(n.attrFloat("beta", 0.5f)));
            case "Elu" -> Activations.elu(RecurrentActivation.decimal(n.attrFloat("alpha", 1f)));
            case "Selu" -> close(n.attrFloat("alpha", ElementwiseOps.SELU_ALPHA), 1.6732632423543772)
                    && close(n.attrFloat("gamma", ElementwiseOps.SELU_GAMMA), 1.0507009873554805)
                    ? Activations.selu() : null;
            case "Gelu" -> Activations.gelu("tanh".equals(n.attrString("approximate", "none")));
            case "Exp" -> Activations.exponential();
            case "Mish" -> Activations.mish();
            case "HardSwish" -> Activations.hardSilu();
            case "Celu" -> n.attrFloat("alpha", 1f) == 1f ? Activations.celu() : null;
            case "Shrink" -> shrink(n.attrFloat("bias", 0f), n.attrFloat("lambd", 0.5f));
            case "LogSoftmax" -> {
                long axis = n.attrInt("axis", n.opset() >= 13 ? -1 : 1);
                yield axis == -1 || axis == rank - 1 ? Activations.logSoftmax() : null;
            }
            case "Softmax" -> {
                long axis = n.attrInt("axis", n.opset() >= 13 ? -1 : 1);
                yield n.opset() >= 13 ? (axis == -1 || axis == rank - 1 ? Activations.softmax() : null)
                        : (axis == rank - 1 || axis == -1 ? Activations.softmax() : null);
            }
            default -> null;
        };
    }

    /** Keras 3's hard/soft shrink exist only at its default threshold 0.5. */
    private static Activation shrink(float bias, float lambd) {
        if (lambd != 0.5f) {
            return null;
        }
        return bias == 0f ? Activations.hardShrink() : bias == 0.5f ? Activations.softShrink() : null;
    }

    private static boolean close(float a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.abs(b);
    }

    /** Activation op types the converter folds into a Dense layer. */
    static final List<String> ACTIVATION_OPS = List.of("Relu", "Tanh", "Sigmoid", "Softplus", "Softsign",
            "HardSigmoid", "Elu", "Selu", "Gelu", "Softmax", "Exp", "Mish", "HardSwish", "Celu", "Shrink", "LogSoftmax");
}
