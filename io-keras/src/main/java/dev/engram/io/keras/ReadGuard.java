package dev.engram.io.keras;

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
        /** Reads the model. */
        T run() throws IOException;
    }

    /** Runs {@code work}, turning unchecked failures into a {@link ModelFormatException} for {@code file}. */
    public static <T> T read(String file, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | ArithmeticException
                | NegativeArraySizeException | ClassCastException | java.nio.BufferUnderflowException e) {
            throw new ModelFormatException(file, "", "inconsistent model: " + e.getMessage(), e);
        }
    }
}
