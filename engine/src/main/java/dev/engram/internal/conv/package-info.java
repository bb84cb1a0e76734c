/**
 * Internal convolution helpers: the geometry of 1-D and 2-D convolutions, their im2col / col2im
 * rearrangements, the 2-D convolution as im2col plus the engine GEMM (forward and backward), the
 * few-filter convolution as register-blocked tiles reading the input in place ({@link
 * dev.engram.internal.conv.SmallFilterConv}), max pooling ({@link dev.engram.internal.conv.WindowMax}),
 * and channels-first/last layout moves. Not part of the public API.
 */
package dev.engram.internal.conv;
