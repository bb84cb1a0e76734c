/**
 * Layers and their immutable configurations: {@link dev.engram.layers.Dense}, the wrappers
 * {@link dev.engram.layers.Bidirectional} and {@link dev.engram.layers.TimeDistributed},
 * {@link dev.engram.layers.Embedding}, {@link dev.engram.layers.Masking}, shape layers,
 * {@link dev.engram.layers.Lstm}, {@link dev.engram.layers.Dropout}; start from
 * {@link dev.engram.layers.Layers}.
 */
package dev.engram.layers;
