package dev.engram.internal.recurrent;

/**
 * Everything one recurrent forward pass produced, plus (in training) what back-propagation needs.
 * Buffers indexed "by row" hold one row per (sample b, input time t) at row {@code b*T + t}.
 */
public class RecurrentTrace {
    /** The output: {@code [B, T, u]} in processing order with returnSequences, else {@code [B, u]}. */
    public final float[] output;
    /** The final states, each {@code [B, u]}: h, then c for an LSTM. */
    public final float[][] finalStates;

    // Training only (null at inference).
    final RecurrentInputs inputs;
    final float[] x;          // [B*T, F] the input after input dropout (what the kernel GEMM saw)
    final float[] preGates;   // [B*T, G] pre-activations
    final float[] gates;      // [B*T, G] post-activations
    final float[] hiddenPrev; // [B*T, u] h before the step, after recurrent dropout

    RecurrentTrace(float[] output, float[][] finalStates, RecurrentInputs inputs, float[] x, float[] preGates,
            float[] gates, float[] hiddenPrev) {
        this.output = output;
        this.finalStates = finalStates;
        this.inputs = inputs;
        this.x = x;
        this.preGates = preGates;
        this.gates = gates;
        this.hiddenPrev = hiddenPrev;
    }

    /** True when this trace can back-propagate. */
    public boolean isTraining() {
        return preGates != null;
    }
}
