package dev.engram.internal.recurrent;

/** A GRU forward pass: the common {@link RecurrentTrace} plus the reset-gate products training needs. */
final class GruTrace extends RecurrentTrace {
    final float[] resetHidden;        // [B*T, u] r ⊙ hp (resetAfter = false)
    final float[] recurrentCandidate; // [B*T, u] hp·U_h + b_rec_h (resetAfter = true)

    /**
     * What a training run keeps per row ({@code b*T + t}) for back-propagation.
     *
     * @param gates              {@code [B*T, 3u]} gate values
     * @param hiddenPrev         {@code [B*T, u]} h before the step, after recurrent dropout
     * @param resetHidden        {@code [B*T, u]} r ⊙ hp (resetAfter false), else null
     * @param recurrentCandidate {@code [B*T, u]} hp·U_h + b_rec_h (resetAfter true), else null
     */
    record Record(float[] gates, float[] hiddenPrev, float[] resetHidden, float[] recurrentCandidate) {
    }

    /** The trace of a run over {@code buf}; {@code inputs}, {@code x} and {@code rec} are null at inference. */
    GruTrace(StepBuffers buf, RecurrentInputs inputs, float[] x, Record rec) {
        super(buf.out, new float[][] {buf.h}, inputs, x, rec == null ? null : buf.z,
                rec == null ? null : rec.gates(), rec == null ? null : rec.hiddenPrev());
        this.resetHidden = rec == null ? null : rec.resetHidden();
        this.recurrentCandidate = rec == null ? null : rec.recurrentCandidate();
    }
}
