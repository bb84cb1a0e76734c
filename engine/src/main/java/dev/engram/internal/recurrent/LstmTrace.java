package dev.engram.internal.recurrent;

/**
 * An LSTM forward pass: the common {@link RecurrentTrace} plus the cell-state history training needs.
 * Final states are {@code {h, c}}.
 */
public final class LstmTrace extends RecurrentTrace {
    final float[] cell;     // [B*T, u] c after the step
    final float[] cellPrev; // [B*T, u] c before the step
    final float[] actCell;  // [B*T, u] act(c)

    /**
     * What a training run keeps per row ({@code b*T + t}) for back-propagation.
     *
     * @param gates      {@code [B*T, 4u]} gate values
     * @param cell       {@code [B*T, u]} c after the step
     * @param cellPrev   {@code [B*T, u]} c before the step
     * @param actCell    {@code [B*T, u]} act(c)
     * @param hiddenPrev {@code [B*T, u]} h before the step, after recurrent dropout
     */
    record Record(float[] gates, float[] cell, float[] cellPrev, float[] actCell, float[] hiddenPrev) {
    }

    /** The trace of a run over {@code buf}; {@code inputs}, {@code x} and {@code rec} are null at inference. */
    LstmTrace(StepBuffers buf, RecurrentInputs inputs, float[] x, Record rec) {
        super(buf.out, new float[][] {buf.h, buf.c}, inputs, x, rec == null ? null : buf.z,
                rec == null ? null : rec.gates(), rec == null ? null : rec.hiddenPrev());
        this.cell = rec == null ? null : rec.cell();
        this.cellPrev = rec == null ? null : rec.cellPrev();
        this.actCell = rec == null ? null : rec.actCell();
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
