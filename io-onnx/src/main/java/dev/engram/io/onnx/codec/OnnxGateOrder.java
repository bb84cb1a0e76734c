package dev.engram.io.onnx.codec;

import dev.engram.layers.recurrent.GruGate;
import dev.engram.layers.recurrent.LstmGate;
import java.util.List;

/**
 * The ONNX recurrent cells (LSTM, GRU, RNN) and the one table of how ONNX orders their gate blocks
 * relative to the engine (Keras/TF.js), with the one function that moves weights between the two
 * layouts. Used by the exporter (engine to ONNX), the layer converter and the runtime's engine-kernel
 * path (ONNX to engine, through {@code RecurrentPattern}), and by the runtime's reference loop
 * ({@link #onnxOffset}). Written in the engine's public gate enums ({@link LstmGate}, {@link GruGate}).
 *
 * <p>ONNX parity: ONNX LSTM gates are i, o, f, c, the engine's i, f, c, o; GRU z, r, h and RNN's
 * single block keep their order. ONNX stores {@code W [G·H, in]} and {@code R [G·H, H]} (gate rows),
 * the engine {@code kernel [in, G·H]} and {@code recurrentKernel [H, G·H]} (gate columns).
 */
public enum OnnxGateOrder {
    /** ONNX i, o, f, c (the engine's {@link LstmGate} order is i, f, c, o). */
    LSTM(LstmGate.I, LstmGate.O, LstmGate.F, LstmGate.C),
    /** ONNX z, r, h, as {@link GruGate}. */
    GRU(GruGate.Z, GruGate.R, GruGate.H),
    /** One block. */
    RNN();

    /** Per ONNX block k, the engine gate it holds (empty for RNN's single block). */
    private final Enum<?>[] onnxOrder;
    private final int[] engineBlock;

    OnnxGateOrder(Enum<?>... onnxOrder) {
        this.onnxOrder = onnxOrder;
        this.engineBlock = onnxOrder.length == 0 ? new int[] {0}
                : java.util.Arrays.stream(onnxOrder).mapToInt(Enum::ordinal).toArray();
    }

    /**
     * ONNX parity: where engine gate {@code gate} sits among this cell's ONNX gate blocks, as an
     * offset in a {@code G·units} row (e.g. LSTM {@link LstmGate#O} is block 1).
     *
     * @param gate  an {@link LstmGate} for LSTM, a {@link GruGate} for GRU
     * @param units units per gate
     * @return the block's first index
     * @throws IllegalArgumentException for a gate of another cell
     */
    public int onnxOffset(Enum<?> gate, int units) {
        for (int k = 0; k < onnxOrder.length; k++) {
            if (onnxOrder[k] == gate) {
                return k * units;
            }
        }
        throw new IllegalArgumentException(gate + " is not a gate of ONNX " + name());
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
