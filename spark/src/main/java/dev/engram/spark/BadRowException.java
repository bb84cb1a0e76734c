package dev.engram.spark;

/**
 * A row batch scoring cannot use (a null column or value, or the wrong number of values for the
 * model input), when {@link ScoringOptions#errorCol()} is not set. The message names the
 * partition, the row, the column, the expected and the found size.
 */
public final class BadRowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure with the given description.
     *
     * @param message names the row and column and what is wrong with it
     */
    public BadRowException(String message) {
        super(message);
    }
}
