package dev.engram.io.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file that cannot be read or a model that cannot be written in the requested format. The
 * message names the file, the location inside it and what was expected, e.g.
 * {@code model.json at /modelTopology/config/layers/1/config/units: expected a positive integer, found "abc"}.
 *
 * <p>It is an {@link IOException} (like {@link java.util.zip.ZipException}): readers and writers
 * declare {@code throws IOException} and a caller can catch both "file missing" and "file malformed"
 * in one place, or this type alone.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String location;
    private final String detail;

    /**
     * @param file     the file's name or path as the user knows it (never null; use the model name when writing)
     * @param location a JSON pointer ({@code /modelTopology/config/layers/0}), an HDF5 path
     *                 ({@code /model_weights/lstm_1}) or a short description; may be empty
     * @param detail   what was expected and what was found
     */
    public ModelFormatException(String file, String location, String detail) {
        this(file, location, detail, null);
    }

    /** As {@link #ModelFormatException(String, String, String)} with the underlying cause. */
    public ModelFormatException(String file, String location, String detail, Throwable cause) {
        super(format(file, location, detail), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.location = location == null ? "" : location;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** As {@link #ModelFormatException(String, String, String)} for a file path (its file name is shown). */
    public ModelFormatException(Path file, String location, String detail) {
        this(displayName(file), location, detail, null);
    }

    /** As {@link #ModelFormatException(Path, String, String)} with the underlying cause. */
    public ModelFormatException(Path file, String location, String detail, Throwable cause) {
        this(displayName(file), location, detail, cause);
    }

    private static String format(String file, String location, String detail) {
        return location == null || location.isEmpty() ? file + ": " + detail : file + " at " + location + ": " + detail;
    }

    /** How a path is named in messages: its file name (the full path is usually noise). */
    public static String displayName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** The file, as named in the message. */
    public String file() {
        return file;
    }

    /** The location inside the file (JSON pointer or HDF5 path); empty when the whole file is meant. */
    public String location() {
        return location;
    }

    /** The message without the file and location prefix. */
    public String detail() {
        return detail;
    }
}
