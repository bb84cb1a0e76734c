/**
 * The ONNX graph runtime behind {@link dev.engram.io.onnx.OnnxModel}: internal, not exported by the
 * module and not an API. {@link dev.engram.io.onnx.runtime.GraphExecutor} validates and runs a graph;
 * {@link dev.engram.io.onnx.runtime.OpRegistry} maps each default-domain op type to an
 * {@link dev.engram.io.onnx.runtime.Op}, registered one line per op family ({@code *Ops} classes).
 * Recurrent nodes run on the engine's fused kernels when their attributes allow
 * ({@code EngineRecurrent}), else on the reference loop ({@code RecurrentOps}). Depends on the engine
 * and {@code dev.engram.io.onnx.codec} only; the converter ({@code convert}) builds on it, never the
 * other way round.
 */
package dev.engram.io.onnx.runtime;
