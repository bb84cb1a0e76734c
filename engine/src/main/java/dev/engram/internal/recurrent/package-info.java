/**
 * Internal fused recurrent kernels (LSTM, GRU and simple RNN forward passes and back-propagation
 * through time, with masks, initial states and dropout masks). Not part of the
 * public API; layers in {@code dev.engram.layers} are the supported entry points.
 */
package dev.engram.internal.recurrent;
