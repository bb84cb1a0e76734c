package dev.engram.internal.recurrent;

/**
 * What a recurrent run takes besides the sequence and the weights.
 *
 * @param mask             {@code [B, T]} by input time, non-zero = step present (TF.js casts the mask to
 *                         bool), or null when every step is present
 * @param initialStates    one entry per state ({@code h}, then {@code c} for an LSTM), each {@code [B, u]}
 *                         or null for zeros; the array itself may be null
 * @param inputDropout     inverted-dropout mask {@code [B, F]} (0 or 1/keep) applied to x at every step,
 *                         or null
 * @param recurrentDropout inverted-dropout mask {@code [B, u]} applied to h before the recurrent
 *                         product at every step, or null
 */
public record RecurrentInputs(float[] mask, float[][] initialStates, float[] inputDropout,
        float[] recurrentDropout) {

    /** No mask, zero initial state, no dropout. */
    public static final RecurrentInputs NONE = new RecurrentInputs(null, null, null, null);

    float[] initialState(int i) {
        return initialStates == null || i >= initialStates.length ? null : initialStates[i];
    }
}
