package dev.engram.io.onnx;

import java.io.IOException;

/**
 * An ONNX file that cannot be read as a valid model: malformed protobuf, a missing initializer, a
 * tensor whose data does not match its declared shape, a cycle, an unsupported opset or domain.
 * The message names the file, the place inside it (node, initializer, input) and what was expected.
 */
public class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with a complete message. */
    public OnnxFormatException(String message) {
        super(message);
    }

    /** An error with a complete message and its cause. */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
