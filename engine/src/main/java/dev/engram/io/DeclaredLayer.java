package dev.engram.io;

/**
 * One layer (Keras family) or graph node (ONNX) as a file declares it, read without building it.
 *
 * @param name      the layer's or node's name as written (may be empty for unnamed ONNX nodes)
 * @param className its class as the file names it: a Keras class ({@code LSTM}; wrappers as
 *                  {@code Bidirectional(LSTM)}) or an ONNX operator ({@code LSTM}, a non-default
 *                  domain prefixed: {@code com.microsoft.Attention})
 * @param supported whether the format's reader supports that class ({@link ModelFile#supportedLayers()})
 */
public record DeclaredLayer(String name, String className, boolean supported) {
}
