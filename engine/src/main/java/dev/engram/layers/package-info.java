/**
 * Layers and their immutable configurations: {@link dev.engram.layers.Dense},
 * {@link dev.engram.layers.Lstm}, {@link dev.engram.layers.Dropout}; start from
 * {@link dev.engram.layers.Layers}.
 */
package dev.engram.layers;
