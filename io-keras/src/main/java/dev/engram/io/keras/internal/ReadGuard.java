package dev.engram.io.keras.internal;

import dev.engram.io.keras.ModelFormatException;
import java.io.IOException;

/**
 * The last line of the "every problem is a {@link ModelFormatException}" promise: a reader's work
 * runs inside {@link #read}, and an unchecked exception that a value from the file provoked deeper
 * down (an engine config refusing a parameter, an index past an array) becomes a
 * {@code ModelFormatException} naming the file, with the original as its cause.
 */
public final class ReadGuard {
    private ReadGuard() {
    }

    /** A reader's work. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Reads the model.
         *
         * @return the model read
         * @throws IOException when the file is unreadable or malformed
         */
        T run() throws IOException;
    }

    /**
     * Runs {@code work}, turning unchecked failures into a {@link ModelFormatException} for {@code file}.
     *
     * @param <T> what the reader returns
     * @param file the file named in the converted exception
     * @param work the reading
     * @return what {@code work} returns
     * @throws ModelFormatException when {@code work} fails with an unchecked exception a malformed file can cause
     * @throws IOException when {@code work} throws one
     */
    public static <T> T read(String file, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | ArithmeticException
                | NegativeArraySizeException | ClassCastException | java.nio.BufferUnderflowException e) {
            throw new ModelFormatException(file, "", "inconsistent model: " + e.getMessage(), e);
        }
    }
}
