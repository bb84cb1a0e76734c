package dev.engram.io.onnx.codec;

import java.util.List;

/**
 * The ONNX recurrent cells (LSTM, GRU, RNN) and the one table of how ONNX orders their gate blocks
 * relative to the engine (Keras/TF.js), with the one function that moves weights between the two
 * layouts. Used by the exporter (engine to ONNX), the layer converter and the runtime's engine-kernel
 * path (ONNX to engine, through {@code RecurrentPattern}), and by the runtime's reference loop (the
 * ONNX block indices below).
 *
 * <p>ONNX parity: ONNX LSTM gates are i, o, f, c, the engine's i, f, c, o; GRU z, r, h and RNN's
 * single block keep their order. ONNX stores {@code W [G·H, in]} and {@code R [G·H, H]} (gate rows),
 * the engine {@code kernel [in, G·H]} and {@code recurrentKernel [H, G·H]} (gate columns).
 */
public enum OnnxGateOrder {
    /** ONNX block k holds engine block {@code {0, 3, 1, 2}[k]}: i, o, f, c from i, f, c, o. */
    LSTM(new int[] {0, 3, 1, 2}),
    /** z, r, h in both. */
    GRU(new int[] {0, 1, 2}),
    /** One block. */
    RNN(new int[] {0});

    /** ONNX parity: LSTM block i in ONNX order (i, o, f, c). */
    public static final int LSTM_I = 0;
    /** ONNX parity: LSTM block o in ONNX order (i, o, f, c). */
    public static final int LSTM_O = 1;
    /** ONNX parity: LSTM block f in ONNX order (i, o, f, c). */
    public static final int LSTM_F = 2;
    /** ONNX parity: LSTM block c in ONNX order (i, o, f, c). */
    public static final int LSTM_C = 3;
    /** GRU update gate z (ONNX and engine order z, r, h). */
    public static final int GRU_Z = 0;
    /** GRU reset gate r. */
    public static final int GRU_R = 1;
    /** GRU candidate h. */
    public static final int GRU_H = 2;

    private final int[] engineBlock;

    OnnxGateOrder(int[] engineBlock) {
        this.engineBlock = engineBlock;
    }

    /**
     * The cell of ONNX operator {@code op}.
     *
     * @param op {@code LSTM}, {@code GRU} or {@code RNN}
     * @return its cell
     * @throws IllegalArgumentException for another op type
     */
    public static OnnxGateOrder of(String op) {
        return switch (op) {
            case "LSTM" -> LSTM;
            case "GRU" -> GRU;
            case "RNN" -> RNN;
            default -> throw new IllegalArgumentException("not an ONNX recurrent operator: " + op);
        };
    }

    /**
     * How many gate blocks the cell has.
     *
     * @return 4, 3 or 1
     */
    public int gates() {
        return engineBlock.length;
    }

    /**
     * The engine block that ONNX gate block {@code onnxBlock} holds.
     *
     * @param onnxBlock a block index in ONNX order
     * @return the block index in engine order
     */
    public int engineBlock(int onnxBlock) {
        return engineBlock[onnxBlock];
    }

    /**
     * The ONNX default activations of one direction (LSTM f, g, h; GRU f, g; RNN f).
     *
     * @return ONNX activation names
     */
    public List<String> defaultActivations() {
        return switch (this) {
            case LSTM -> List.of("Sigmoid", "Tanh", "Tanh");
            case GRU -> List.of("Sigmoid", "Tanh");
            case RNN -> List.of("Tanh");
        };
    }

    /**
     * An engine {@code [rows, G·u]} matrix (gate columns, engine order) as ONNX gate rows
     * {@code [G·u, rows]} in ONNX order.
     *
     * @param engine the engine matrix
     * @param rows   its rows (input width, or units for a recurrent kernel)
     * @param u      units per gate
     * @return a new ONNX-layout array
     */
    public float[] toOnnxRows(float[] engine, int rows, int u) {
        float[] out = new float[gates() * u * rows];
        permute(engine, 0, out, rows, u, true);
        return out;
    }

    /**
     * ONNX gate rows {@code [G·u, rows]} starting at {@code off} as an engine {@code [rows, G·u]}
     * matrix in engine order.
     *
     * @param onnx the ONNX array (one direction or several)
     * @param off  where this direction's block starts
     * @param rows the matrix's columns in ONNX (input width, or units)
     * @param u    units per gate
     * @return a new engine-layout array
     */
    public float[] toEngineColumns(float[] onnx, int off, int rows, int u) {
        float[] out = new float[gates() * u * rows];
        permute(onnx, off, out, rows, u, false);
        return out;
    }

    /** The one gate permutation: element (ONNX row k·u + j, column i) is engine (row i, column order[k]·u + j). */
    private void permute(float[] src, int off, float[] dst, int rows, int u, boolean toOnnx) {
        int gu = gates() * u;
        for (int k = 0; k < gates(); k++) {
            int col = engineBlock[k] * u;
            for (int j = 0; j < u; j++) {
                for (int i = 0; i < rows; i++) {
                    int onnxAt = (k * u + j) * rows + i;
                    int engineAt = i * gu + col + j;
                    if (toOnnx) {
                        dst[onnxAt] = src[off + engineAt];
                    } else {
                        dst[engineAt] = src[off + onnxAt];
                    }
                }
            }
        }
    }
}
