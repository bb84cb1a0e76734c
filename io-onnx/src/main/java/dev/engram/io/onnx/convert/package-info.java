/**
 * ONNX graphs to engine layers ({@link dev.engram.io.onnx.OnnxModel#toSequential()} and
 * {@code toNetwork()}); not exported by the module. The walk follows the data path and hands each
 * node to the importer registered for its op type; recurrent nodes are read through the runtime's
 * {@link dev.engram.io.onnx.runtime.RecurrentPattern}, the same reading the runtime uses to run them
 * on the engine's kernels. Depends on {@code runtime} (constant folding, node attributes) and
 * {@code codec}.
 */
package dev.engram.io.onnx.convert;
