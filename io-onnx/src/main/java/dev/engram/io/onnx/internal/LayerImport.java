package dev.engram.io.onnx.internal;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * Weight and activation mapping from ONNX layer ops to engine layouts, the inverse of
 * {@link LayerExport}: LSTM gate blocks i, o, f, c (ONNX) to i, f, c, o (engine), {@code W [4H, in]}
 * to {@code kernel [in, 4H]}, and {@code Wb + Rb} to the single engine bias.
 */
final class LayerImport {
    private LayerImport() {
    }

    /** ONNX {@code [1, 4H, cols]} gate rows to an engine {@code [cols, 4H]} matrix. */
    static Tensor lstmMatrix(float[] onnx, int h, int cols) {
        float[] out = new float[cols * 4 * h];
        for (int k = 0; k < 4; k++) {
            int dst = LayerExport.ONNX_TO_ENGINE_GATE[k] * h;
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < cols; i++) {
                    out[i * 4 * h + dst + j] = onnx[(k * h + j) * cols + i];
                }
            }
        }
        return Tensor.wrap(Shape.of(cols, 4 * h), out);
    }

    /** ONNX {@code B [1, 8H]} to the engine bias {@code [4H]} = Wb + Rb, gates reordered. */
    static Tensor lstmBias(float[] b, int h) {
        float[] out = new float[4 * h];
        for (int k = 0; k < 4; k++) {
            int dst = LayerExport.ONNX_TO_ENGINE_GATE[k] * h;
            for (int j = 0; j < h; j++) {
                out[dst + j] = b[k * h + j] + b[4 * h + k * h + j];
            }
        }
        return Tensor.wrap(Shape.of(4 * h), out);
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
