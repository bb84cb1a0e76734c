package dev.engram.internal.recurrent;

/**
 * The sizes and options of one fused recurrent run over a batch (LSTM, GRU or simple RNN).
 *
 * @param batch           B
 * @param steps           T, at least 1
 * @param inputDim        F, features per step
 * @param units           u, hidden size
 * @param goBackwards     process time steps last to first; outputs stay in processing order
 * @param returnSequences emit h for every step ({@code [B, T, u]}) instead of the last ({@code [B, u]})
 */
public record RecurrentPlan(int batch, int steps, int inputDim, int units, boolean goBackwards,
        boolean returnSequences) {

    /** Validates the sizes. */
    public RecurrentPlan {
        if (batch < 0 || steps < 1 || inputDim < 1 || units < 1) {
            throw new IllegalArgumentException("invalid recurrent plan: batch " + batch + ", steps " + steps
                    + ", inputDim " + inputDim + ", units " + units);
        }
    }

    /** The same run for another batch size (a slice of this batch). */
    RecurrentPlan withBatch(int newBatch) {
        return new RecurrentPlan(newBatch, steps, inputDim, units, goBackwards, returnSequences);
    }

    /** The input time index read at processing step {@code s}. */
    int timeAt(int s) {
        return goBackwards ? steps - 1 - s : s;
    }

    /** Elements of the output: {@code B*T*u} or {@code B*u}. */
    int outputSize() {
        return returnSequences ? batch * steps * units : batch * units;
    }
}
