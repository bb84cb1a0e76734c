package dev.engram.io.onnx;

/**
 * A valid ONNX construct Engram does not handle: an operator or attribute value outside the
 * supported set on import, a layer or activation ONNX cannot express on export, or a graph that
 * does not map to trainable layers. The message says what is supported.
 */
public class UnsupportedOnnxException extends OnnxFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a complete message.
     *
     * @param message names the unsupported construct and says what is supported instead
     */
    public UnsupportedOnnxException(String message) {
        super(message);
    }
}
