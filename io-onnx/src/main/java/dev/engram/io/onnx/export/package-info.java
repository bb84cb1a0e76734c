/**
 * Engine networks to ONNX (behind {@link dev.engram.io.onnx.OnnxExporter}; not exported by the
 * module). {@link dev.engram.io.onnx.export.ModelExport} walks a network and hands each layer call to
 * the {@link dev.engram.io.onnx.export.OnnxLayerEmitter} registered for its config type in
 * {@link dev.engram.io.onnx.export.OnnxEmitters}; a new exportable layer is one emitter file plus one
 * registry line. Depends only on the engine and {@code dev.engram.io.onnx.codec}.
 */
package dev.engram.io.onnx.export;
