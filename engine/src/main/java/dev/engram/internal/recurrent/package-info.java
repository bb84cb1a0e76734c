/**
 * Internal fused recurrent kernels (LSTM forward and back-propagation through time). Not part of the
 * public API; layers in {@code dev.engram.layers} are the supported entry points.
 */
package dev.engram.internal.recurrent;
