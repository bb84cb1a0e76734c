package dev.engram.io.onnx;

/**
 * A failure while executing an imported graph on given inputs, e.g. an input of the wrong shape
 * or operands that do not broadcast. The message names the node, its operator and the shapes;
 * {@link #inputError()} tells whether the input or the model is to blame.
 */
public class OnnxExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the caller's input (true) or the model file (false) is to blame. */
    private final boolean inputError;

    /**
     * An error with a complete message, blamed on the input.
     *
     * @param message what failed, naming the node, its operator and the shapes involved
     */
    public OnnxExecutionException(String message) {
        this(message, null, true);
    }

    /**
     * An error with a complete message and its cause, blamed on the input.
     *
     * @param message what failed, naming the node, its operator and the shapes involved
     * @param cause   the underlying failure, or null
     */
    public OnnxExecutionException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /**
     * An error with a complete message, its cause, and who is to blame.
     *
     * @param message    what failed, naming the node, its operator and the shapes involved
     * @param cause      the underlying failure, or null
     * @param inputError true when the input is at fault (wrong name or shape), false when the model
     *                   itself failed on an input it declares it accepts (a defect of the file)
     */
    public OnnxExecutionException(String message, Throwable cause, boolean inputError) {
        super(message, cause);
        this.inputError = inputError;
    }

    /**
     * Who is to blame for the failure.
     *
     * @return true when the given input is at fault (wrong name or shape); false when the model file
     *         failed on an input it declares it accepts
     */
    public boolean inputError() {
        return inputError;
    }
}
