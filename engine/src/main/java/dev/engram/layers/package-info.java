/**
 * Layers and their immutable configurations: {@link dev.engram.layers.Dense},
 * {@link dev.engram.layers.Lstm}, {@link dev.engram.layers.Dropout}, {@link dev.engram.layers.Merge},
 * the wrappers {@link dev.engram.layers.Bidirectional} and {@link dev.engram.layers.TimeDistributed},
 * {@link dev.engram.layers.Embedding}, {@link dev.engram.layers.Masking}, shape layers,
 * {@link dev.engram.layers.Conv1D}, {@link dev.engram.layers.Conv2D}, {@link dev.engram.layers.GlobalPooling1D},
 * {@link dev.engram.layers.LayerNormalization}, {@link dev.engram.layers.BatchNormalization}; start
 * from {@link dev.engram.layers.Layers}.
 */
package dev.engram.layers;
