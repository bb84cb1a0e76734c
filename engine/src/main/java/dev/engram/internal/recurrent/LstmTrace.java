package dev.engram.internal.recurrent;

/**
 * An LSTM forward pass: the common {@link RecurrentTrace} plus the cell-state history training needs.
 * Final states are {@code {h, c}}.
 */
public final class LstmTrace extends RecurrentTrace {
    final float[] cell;     // [B*T, u] c after the step
    final float[] cellPrev; // [B*T, u] c before the step
    final float[] actCell;  // [B*T, u] act(c)

    LstmTrace(float[] output, float[][] finalStates, RecurrentInputs inputs, float[] x, float[] preGates,
            float[] gates, float[] hiddenPrev, float[] cell, float[] cellPrev, float[] actCell) {
        super(output, finalStates, inputs, x, preGates, gates, hiddenPrev);
        this.cell = cell;
        this.cellPrev = cellPrev;
        this.actCell = actCell;
    }

    /** The final hidden state {@code [B, u]}. */
    public float[] lastH() {
        return finalStates[0];
    }

    /** The final cell state {@code [B, u]}. */
    public float[] lastC() {
        return finalStates[1];
    }
}
