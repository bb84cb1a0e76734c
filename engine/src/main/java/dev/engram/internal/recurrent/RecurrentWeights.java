package dev.engram.internal.recurrent;

/**
 * The three weights of a recurrent layer as the fused kernels read them, row-major, gate blocks in
 * the order of {@link dev.engram.layers.recurrent.LstmGate} / {@link dev.engram.layers.recurrent.GruGate}:
 * {@code kernel [F, G]}, {@code recurrentKernel [u, G]} and {@code bias [G]} ({@code [2, G]} for a
 * resetAfter GRU: input row, then recurrent row), or null without a bias. G is the gate width.
 *
 * <p>The same record carries weight gradients, which the kernels ADD into; a null entry is then
 * skipped (a frozen weight).
 *
 * @param kernel          the input kernel (or its gradient)
 * @param recurrentKernel the recurrent kernel (or its gradient)
 * @param bias            the bias (or its gradient), or null
 */
public record RecurrentWeights(float[] kernel, float[] recurrentKernel, float[] bias) {
}
