/**
 * ONNX as a {@link dev.engram.io.ModelFile} service
 * ({@link dev.engram.io.onnx.provider.OnnxModelFile}). Not exported: applications reach it through
 * {@link dev.engram.io.ModelFiles}; it calls only the public API of this module.
 */
package dev.engram.io.onnx.provider;
