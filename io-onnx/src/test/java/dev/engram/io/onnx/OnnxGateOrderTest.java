package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.io.onnx.codec.OnnxGateOrder;
import dev.engram.layers.recurrent.GruGate;
import dev.engram.layers.recurrent.LstmGate;
import org.junit.jupiter.api.Test;

/** The one ONNX gate-order table and its permutation, checked element by element. */
class OnnxGateOrderTest {
    @Test
    void lstmOnnxRowsAreIofcOfTheEnginesIfco() {
        int rows = 2;
        int u = 3;
        // Engine [rows, 4u]: the value names its gate block (engine order i=0, f=1, c=2, o=3), unit and row.
        float[] engine = new float[rows * 4 * u];
        for (int i = 0; i < rows; i++) {
            for (int col = 0; col < 4 * u; col++) {
                engine[i * 4 * u + col] = 100 * (col / u) + 10 * (col % u) + i;
            }
        }
        float[] onnx = OnnxGateOrder.LSTM.toOnnxRows(engine, rows, u);
        int[] engineGateOfOnnxBlock = {0, 3, 1, 2}; // ONNX i, o, f, c
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < u; j++) {
                for (int i = 0; i < rows; i++) {
                    assertEquals(100 * engineGateOfOnnxBlock[k] + 10 * j + i, onnx[(k * u + j) * rows + i], 0f);
                }
            }
        }
        assertEquals(0, OnnxGateOrder.LSTM.onnxOffset(LstmGate.I, u));
        assertEquals(u, OnnxGateOrder.LSTM.onnxOffset(LstmGate.O, u));
        assertEquals(2 * u, OnnxGateOrder.LSTM.onnxOffset(LstmGate.F, u));
        assertEquals(3 * u, OnnxGateOrder.LSTM.onnxOffset(LstmGate.C, u));
        assertEquals(LstmGate.O.ordinal(), OnnxGateOrder.LSTM.engineBlock(1));
        assertEquals(GruGate.R.offset(u), OnnxGateOrder.GRU.onnxOffset(GruGate.R, u));
        assertThrows(IllegalArgumentException.class, () -> OnnxGateOrder.LSTM.onnxOffset(GruGate.Z, u));
    }

    @Test
    void permutationRoundTripsForEveryCellAtAnOffset() {
        for (OnnxGateOrder cell : OnnxGateOrder.values()) {
            int rows = 3;
            int u = 2;
            float[] engine = new float[rows * cell.gates() * u];
            for (int i = 0; i < engine.length; i++) {
                engine[i] = i * 0.5f - 1;
            }
            float[] onnx = cell.toOnnxRows(engine, rows, u);
            float[] shifted = new float[onnx.length + 5];
            System.arraycopy(onnx, 0, shifted, 5, onnx.length);
            assertArrayEquals(engine, cell.toEngineColumns(shifted, 5, rows, u), cell.name());
            assertEquals(cell, OnnxGateOrder.of(cell.name()));
        }
        assertEquals(java.util.List.of("Sigmoid", "Tanh", "Tanh"), OnnxGateOrder.LSTM.defaultActivations());
        assertThrows(IllegalArgumentException.class, () -> OnnxGateOrder.of("Gemm"));
    }
}
