/**
 * What every io-onnx subsystem shares and nothing above it: tensor decoding and encoding
 * ({@link dev.engram.io.onnx.codec.TensorCodec}, {@code Half}), the decoded
 * {@link dev.engram.io.onnx.codec.Value} with its shape arithmetic, external data, the error
 * function, and the one ONNX recurrent gate-order table
 * ({@link dev.engram.io.onnx.codec.OnnxGateOrder}). Not exported by the module; imports no other
 * io-onnx subpackage.
 */
package dev.engram.io.onnx.codec;
