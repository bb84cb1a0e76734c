package dev.engram.testing;

/**
 * The outputs of a reference recurrent run: the output (sequence in processing order, or last h) and
 * the final states (h, then c for an LSTM), each {@code [B, u]}.
 */
public record RecurrentResult(double[] output, double[][] states) {
}
