package dev.engram.cli;

import dev.engram.io.ModelFileException;
import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.InvalidInputException;
import dev.engram.models.NonFiniteLossException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Sorts a failure into the tool's exit statuses ({@link ExitCodes}) with a one-line message in the
 * user's terms: a defect of a model file is 3, bad input data 2, a file-system failure 5, anything
 * else a bug (4). A library's own exception text is left to {@code --verbose}, which prints the trace.
 */
final class Failures {
    private Failures() {
    }

    /** {@code e} as a {@link CliException}. */
    static CliException classify(Throwable e) {
        if (e instanceof CliException c) {
            return c;
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return classify(u.getCause());
        }
        if (e instanceof ModelFileException m) {
            return CliException.badModel(m.getMessage(), m);
        }
        if (e instanceof NoSuchFileException n) {
            return CliException.usage("no such file: " + n.getFile(), n);
        }
        if (e instanceof IOException io) {
            return CliException.io(ioMessage(io), io);
        }
        if (e instanceof IncompatibleShapeException || e instanceof InvalidInputException) {
            return CliException.usage("the input does not fit the model: " + e.getMessage(), e);
        }
        if (e instanceof NonFiniteLossException) {
            return CliException.usage("training stopped: " + e.getMessage()
                    + " (check the data for NaN/infinite values or lower the learning rate)", e);
        }
        if (e instanceof StackOverflowError) {
            return CliException.badModel("the model is nested too deeply to process", e);
        }
        if (e instanceof OutOfMemoryError) {
            return CliException.badModel("the model or its data needs more memory than the JVM has (raise -Xmx, or"
                    + " lower the load limits such as --max-param-bytes to refuse such files early)", e);
        }
        return null;
    }

    /** "Permission denied: out/model.onnx" and the like. */
    static String ioMessage(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "Permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason()) + ": " + f.getFile();
        }
        return "I/O error: " + e.getMessage();
    }
}
