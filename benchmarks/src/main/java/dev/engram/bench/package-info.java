/**
 * Engram's side of the benchmarks: the workloads (W1-W6, the MNIST convnet, MultiHeadAttention) defined once
 * in {@link dev.engram.bench.Workloads} and the companion classes, and {@link dev.engram.bench.EngramPeer},
 * the process that {@code benchmarks/peers/run-all.sh} runs beside the other peers (ONNX Runtime, PyTorch,
 * TF.js, Deeplearning4j) so that every ratio compares the same model measured in the same round.
 */
package dev.engram.bench;
