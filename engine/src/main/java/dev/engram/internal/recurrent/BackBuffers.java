package dev.engram.internal.recurrent;

/**
 * The gradient buffers of one back-propagation call, shared by its batch ranges (each touches its
 * own rows), so the time loops take one argument for them.
 *
 * @param dOut        gradient of the output ({@code [B, T, u]} or {@code [B, u]}), or null
 * @param dz          {@code [B*T, G]} gradients of the pre-activations, filled by the time loops
 * @param dh          {@code [B, u]} carried gradient of h, seeded with the final h's gradient
 * @param dhp         {@code [B, u]} the second carried-gradient buffer (dh and dhp swap each step)
 * @param dc          {@code [B, u]} carried gradient of the LSTM cell state, seeded likewise; null otherwise
 * @param wantInitial whether the gradients of the initial states are wanted (one more recurrent GEMM)
 */
record BackBuffers(float[] dOut, float[] dz, float[] dh, float[] dhp, float[] dc, boolean wantInitial) {

    /** The buffers for a run of {@code p} with gate width {@code width}; {@code cell} for an LSTM. */
    static BackBuffers of(RecurrentPlan p, int width, float[] dOut, float[][] dFinal, boolean cell,
            boolean wantInitial) {
        int states = p.batch() * p.units();
        return new BackBuffers(dOut, new float[p.batch() * p.steps() * width], seed(dFinal, 0, states),
                new float[states], cell ? seed(dFinal, 1, states) : null, wantInitial);
    }

    /** The gradient buffer of the carried state i, seeded with the gradient of the final state. */
    private static float[] seed(float[][] dFinal, int i, int size) {
        return dFinal != null && i < dFinal.length && dFinal[i] != null ? dFinal[i].clone() : new float[size];
    }
}
