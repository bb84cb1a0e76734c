package dev.engram.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A defect in a model file: malformed, truncated, inconsistent, hostile or beyond a
 * {@link LoadLimits} limit. The message names the file, the location inside it and what was
 * expected, e.g. {@code model.json at /modelTopology/config/layers/1/config/units: expected a
 * positive integer, found "abc"}.
 *
 * <p>Each format has its own subtype (Keras/TF.js {@code ModelFormatException}, ONNX
 * {@code OnnxFormatException}); callers that only need "the file is bad" catch this type. It is an
 * {@link IOException} (like {@link java.util.zip.ZipException}) so readers keep declaring
 * {@code throws IOException}; an {@code IOException} that is not a {@code ModelFileException} is a
 * failure of the file system, not of the file's content.
 */
public class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file as named in the message; empty when the detail names it. */
    private final String file;
    /** The place inside the file; empty when the whole file is meant. */
    private final String location;
    /** What was expected and what was found. */
    private final String detail;

    /**
     * @param file     the file's name as the user knows it; empty when {@code detail} already names it
     * @param location a JSON pointer, an HDF5 path, a node name or a short description; may be empty
     * @param detail   what was expected and what was found
     * @param cause    the underlying exception, or null
     */
    public ModelFileException(String file, String location, String detail, Throwable cause) {
        super(format(file, location, detail), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.location = location == null ? "" : location;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * As {@link #ModelFileException(String, String, String, Throwable)} without a cause.
     *
     * @param file the file's name as the user knows it; may be empty when the detail names it
     * @param location JSON pointer, HDF5 path or node name inside the file; may be empty
     * @param detail what was expected and what was found
     */
    public ModelFileException(String file, String location, String detail) {
        this(file, location, detail, null);
    }

    private static String format(String file, String location, String detail) {
        if (file == null || file.isEmpty()) {
            return detail;
        }
        return location == null || location.isEmpty() ? file + ": " + detail : file + " at " + location + ": " + detail;
    }

    /**
     * How a path is named in messages: its file name (the full path is usually noise).
     *
     * @param file the path
     * @return its last element, or the whole path when it has none (a root)
     */
    public static String displayName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /**
     * The file, as named in the message; empty when the detail names it.
     *
     * @return the file name, possibly empty
     */
    public String file() {
        return file;
    }

    /**
     * The location inside the file (JSON pointer, HDF5 path, node); empty when the whole file is meant.
     *
     * @return the location, possibly empty
     */
    public String location() {
        return location;
    }

    /**
     * The message without the file and location prefix.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }
}
