package dev.engram.io.onnx;

/**
 * A failure while executing an imported graph on given inputs, e.g. an input of the wrong shape
 * or operands that do not broadcast. The message names the node, its operator and the shapes;
 * {@link #inputError()} tells whether the input or the model is to blame.
 */
public class OnnxExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean inputError;

    /** An error with a complete message, blamed on the input. */
    public OnnxExecutionException(String message) {
        this(message, null, true);
    }

    /** An error with a complete message and its cause, blamed on the input. */
    public OnnxExecutionException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /**
     * @param inputError true when the input is at fault (wrong name or shape), false when the model
     *                   itself failed on an input it declares it accepts (a defect of the file)
     */
    public OnnxExecutionException(String message, Throwable cause, boolean inputError) {
        super(message, cause);
        this.inputError = inputError;
    }

    /** True when the given input is at fault; false when the model file is (see the constructor). */
    public boolean inputError() {
        return inputError;
    }
}
