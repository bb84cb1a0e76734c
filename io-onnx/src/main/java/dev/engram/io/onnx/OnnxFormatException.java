package dev.engram.io.onnx;

import dev.engram.io.ModelFileException;

/**
 * An ONNX file that cannot be read as a valid model: malformed protobuf, a missing initializer, a
 * tensor whose data does not match its declared shape, a cycle, an unsupported opset or domain.
 * The message names the file, the place inside it (node, initializer, input) and what was expected.
 * It is a {@link ModelFileException}, so callers can catch any format's defect in one place.
 */
public class OnnxFormatException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a complete message.
     *
     * @param message names the file, the place inside it and what was expected
     */
    public OnnxFormatException(String message) {
        super("", "", message, null);
    }

    /**
     * An error with a complete message and its cause.
     *
     * @param message names the file, the place inside it and what was expected
     * @param cause   the underlying failure (e.g. the protobuf parse error), or null
     */
    public OnnxFormatException(String message, Throwable cause) {
        super("", "", message, cause);
    }
}
