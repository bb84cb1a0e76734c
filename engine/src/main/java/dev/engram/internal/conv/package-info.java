/**
 * Internal convolution helpers: the geometry of a 1-D convolution and its im2col / col2im
 * rearrangements, so that a convolution runs as one GEMM. Not part of the public API.
 */
package dev.engram.internal.conv;
