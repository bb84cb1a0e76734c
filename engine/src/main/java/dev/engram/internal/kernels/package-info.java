/**
 * Internal numeric kernels (GEMM, element-wise loops) with a Vector API and a scalar implementation.
 * Not part of the public API; may change without notice.
 */
package dev.engram.internal.kernels;
