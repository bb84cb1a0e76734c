/**
 * ONNX export and import for Engram models.
 *
 * <p>{@link dev.engram.io.onnx.OnnxExporter} writes a {@link dev.engram.models.Sequential} as an ONNX
 * graph; {@link dev.engram.io.onnx.OnnxModel} loads an ONNX file (e.g. from PyTorch's exporter) and
 * executes it on the engine's kernels, and can turn recognised layer chains back into a trainable
 * {@code Sequential}. ONNX quirks (gate order i, o, f, c; activation names; layouts) live only here.
 */
package dev.engram.io.onnx;
