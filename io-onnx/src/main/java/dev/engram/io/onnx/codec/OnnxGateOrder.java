package dev.engram.io.onnx.codec;

/**
 * The one table of how ONNX orders the gate blocks of its recurrent operators relative to the
 * engine (Keras/TF.js) order, shared by the exporter (export.RecurrentExport), the layer
 * converter (convert.RecurrentPattern) and the runtime (runtime.EngineRecurrent, through the
 * converter's weights): ONNX LSTM gates are i, o, f, c, the engine's i, f, c, o; GRU (z, r, h) and
 * RNN (one block) keep their order.
 */
public final class OnnxGateOrder {
    private static final int[] LSTM = {0, 3, 1, 2};
    private static final int[] GRU = {0, 1, 2};
    private static final int[] RNN = {0};

    private OnnxGateOrder() {
    }

    /**
     * For ONNX operator {@code op} (LSTM, GRU or RNN): element {@code k} is the engine block that
     * ONNX gate block {@code k} holds. A fresh copy.
     */
    public static int[] engineBlockOf(String op) {
        return switch (op) {
            case "LSTM" -> LSTM.clone();
            case "GRU" -> GRU.clone();
            case "RNN" -> RNN.clone();
            default -> throw new IllegalArgumentException("not an ONNX recurrent operator: " + op);
        };
    }
}
