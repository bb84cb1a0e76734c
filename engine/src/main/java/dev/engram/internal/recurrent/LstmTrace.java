package dev.engram.internal.recurrent;

/**
 * Everything one LSTM forward pass produced, plus (in training) what back-propagation needs. Buffers
 * indexed "by row" hold one row per (sample b, input time t) at row {@code b*T + t}.
 */
public final class LstmTrace {
    /** The output: {@code [B, T, u]} in processing order with returnSequences, else {@code [B, u]}. */
    public final float[] output;
    /** The final hidden state {@code [B, u]}. */
    public final float[] lastH;
    /** The final cell state {@code [B, u]}. */
    public final float[] lastC;

    // Training only (null at inference).
    final float[] x;
    final float[] preGates;   // [B*T, 4u] z before activations
    final float[] gates;      // [B*T, 4u] i, f, g, o after activations
    final float[] cell;       // [B*T, u] c after the step
    final float[] cellPrev;   // [B*T, u] c before the step
    final float[] actCell;    // [B*T, u] act(c)
    final float[] hiddenPrev; // [B*T, u] h before the step
    final boolean hasInitialState;

    LstmTrace(float[] output, float[] lastH, float[] lastC, float[] x, float[] preGates, float[] gates,
            float[] cell, float[] cellPrev, float[] actCell, float[] hiddenPrev, boolean hasInitialState) {
        this.output = output;
        this.lastH = lastH;
        this.lastC = lastC;
        this.x = x;
        this.preGates = preGates;
        this.gates = gates;
        this.cell = cell;
        this.cellPrev = cellPrev;
        this.actCell = actCell;
        this.hiddenPrev = hiddenPrev;
        this.hasInitialState = hasInitialState;
    }

    /** True when this trace can back-propagate. */
    public boolean isTraining() {
        return preGates != null;
    }
}
