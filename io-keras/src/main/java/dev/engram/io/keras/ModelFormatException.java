package dev.engram.io.keras;

import dev.engram.io.ModelFileException;
import java.nio.file.Path;

/**
 * A Keras, {@code .keras} or TF.js model file that cannot be read, or a model that cannot be written
 * in the requested format. The message names the file, the location inside it and what was expected,
 * e.g. {@code model.json at /modelTopology/config/layers/1/config/units: expected a positive integer, found "abc"}.
 *
 * <p>It is a {@link ModelFileException} (and so an {@link java.io.IOException}, like
 * {@link java.util.zip.ZipException}): readers and writers declare {@code throws IOException} and a
 * caller can catch both "file missing" and "file malformed" in one place, any format's defect, or
 * this type alone.
 */
public class ModelFormatException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file     the file's name or path as the user knows it (never null; use the model name when writing)
     * @param location a JSON pointer ({@code /modelTopology/config/layers/0}), an HDF5 path
     *                 ({@code /model_weights/lstm_1}) or a short description; may be empty
     * @param detail   what was expected and what was found
     */
    public ModelFormatException(String file, String location, String detail) {
        this(file, location, detail, null);
    }

    /**
     * As {@link #ModelFormatException(String, String, String)} with the underlying cause.
     *
     * @param file the file's name or path as the user knows it (never null; use the model name when writing)
     * @param location a JSON pointer, an HDF5 path or a short description of the place in the file; may be empty
     * @param detail what was expected and what was found
     * @param cause the failure that revealed the defect (e.g. a JSON parse error), or null
     */
    public ModelFormatException(String file, String location, String detail, Throwable cause) {
        super(file, location, detail, cause);
    }

    /**
     * As {@link #ModelFormatException(String, String, String)} for a file path (its file name is shown).
     *
     * @param file the file; only its file name appears in the message
     * @param location a JSON pointer, an HDF5 path or a short description of the place in the file; may be empty
     * @param detail what was expected and what was found
     */
    public ModelFormatException(Path file, String location, String detail) {
        this(displayName(file), location, detail, null);
    }

    /**
     * As {@link #ModelFormatException(Path, String, String)} with the underlying cause.
     *
     * @param file the file; only its file name appears in the message
     * @param location a JSON pointer, an HDF5 path or a short description of the place in the file; may be empty
     * @param detail what was expected and what was found
     * @param cause the failure that revealed the defect (e.g. a JSON parse error), or null
     */
    public ModelFormatException(Path file, String location, String detail, Throwable cause) {
        this(displayName(file), location, detail, cause);
    }
}
