package dev.engram.io;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A file could not be written: the message is the reason and the file as the user named it, e.g.
 * {@code Permission denied: out/model.onnx}. Unlike a {@link ModelFileException} it says nothing
 * about the model; the CLI maps it to its I/O exit status.
 */
public final class OutputFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the target as the user named it
     * @param reason what went wrong ("Permission denied", "is a folder, not a regular file; refused")
     */
    public OutputFileException(Path file, String reason) {
        super(file.toString(), null, reason);
    }

    @Override
    public String getMessage() {
        return getReason() + ": " + getFile();
    }
}
