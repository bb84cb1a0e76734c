/**
 * JMH benchmarks of the engine's hot paths (GEMM, the LSTM kernels, convolution, the allocation-free
 * {@code Predictor}, whole workloads): where the speed targets live, rather than in timed unit tests.
 */
package dev.engram.bench.jmh;
