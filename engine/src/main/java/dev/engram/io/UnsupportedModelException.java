package dev.engram.io;

/**
 * A valid model that Engram cannot take the way it was asked to: a graph that runs but does not map
 * to engine layers, or a construct the target format cannot express. Unlike other
 * {@link ModelFileException}s nothing is wrong with the file; the message says what is supported.
 */
public class UnsupportedModelException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file     the file's name as the user knows it
     * @param location the place inside the file; may be empty
     * @param detail   what is not supported, and what is
     * @param cause    the format's own exception, or null
     */
    public UnsupportedModelException(String file, String location, String detail, Throwable cause) {
        super(file, location, detail, cause);
    }
}
