package dev.engram.internal.recurrent;

/** A GRU forward pass: the common {@link RecurrentTrace} plus the reset-gate products training needs. */
final class GruTrace extends RecurrentTrace {
    final float[] resetHidden;     // [B*T, u] r ⊙ hp (resetAfter = false)
    final float[] recurrentCandidate; // [B*T, u] hp·U_h + b_rec_h (resetAfter = true)

    GruTrace(float[] output, float[][] finalStates, RecurrentInputs inputs, float[] x, float[] preGates,
            float[] gates, float[] hiddenPrev, float[] resetHidden, float[] recurrentCandidate) {
        super(output, finalStates, inputs, x, preGates, gates, hiddenPrev);
        this.resetHidden = resetHidden;
        this.recurrentCandidate = recurrentCandidate;
    }
}
