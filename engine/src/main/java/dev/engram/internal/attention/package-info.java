/**
 * Internal kernels of the attention layers: the per-head small products ({@code Q·Kᵀ}, {@code P·V})
 * and the masked row softmax, with a Vector API and a scalar implementation chosen like the engine's
 * {@link dev.engram.internal.kernels.Kernels}. Not part of the public API; may change without notice.
 */
package dev.engram.internal.attention;
