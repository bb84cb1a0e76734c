package dev.engram.io.onnx;

/**
 * A failure while executing an imported graph on given inputs, e.g. an input of the wrong shape
 * or operands that do not broadcast. The message names the node, its operator and the shapes.
 */
public class OnnxExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a complete message. */
    public OnnxExecutionException(String message) {
        super(message);
    }

    /** An error with a complete message and its cause. */
    public OnnxExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
