package dev.engram.layers;

/**
 * An input value a layer cannot take although its shape fits, e.g. an Embedding id outside
 * {@code [0, inputDim)} or NaN. The message names the layer, the position of the value and the
 * allowed range. Callers treat it as bad input data, not as a defect of the model.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a complete message.
     *
     * @param message names the layer and says what is wrong with the input
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
