package dev.engram.layers;

/**
 * Where the outputs of a resize sample one axis of the source window: output index {@code i} reads
 * source indices {@code lower[i]} and {@code upper[i]} (equal for nearest) and mixes them as
 * {@code a + (b - a) * fraction[i]}. Exporters use it to state the same resize in other terms.
 *
 * @param lower    the lower source index per output index
 * @param upper    the upper source index per output index
 * @param fraction the weight of the upper index (0 for nearest)
 */
public record ResizePositions(int[] lower, int[] upper, double[] fraction) {
}
