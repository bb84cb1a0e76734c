package dev.engram.cli;

/**
 * A failure the tool reports as one line on standard error, with the exit status it maps to
 * ({@link ExitCodes#USAGE} for wrong arguments or input data, {@link ExitCodes#BAD_MODEL} for a model
 * file that cannot be read or a model a target format cannot express, {@link ExitCodes#IO} for a
 * file-system failure).
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Wrong arguments, a missing file or malformed input data: exit status 2. */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message, null);
    }

    /** As {@link #usage(String)} with the underlying cause (shown with {@code --verbose}). */
    public static CliException usage(String message, Throwable cause) {
        return new CliException(ExitCodes.USAGE, message, cause);
    }

    /** A bad or unsupported model file, or a model the target format cannot express: exit status 3. */
    public static CliException badModel(String message, Throwable cause) {
        return new CliException(ExitCodes.BAD_MODEL, message, cause);
    }

    /** A file that cannot be read or written (the message says which and why): exit status 5. */
    public static CliException io(String message, Throwable cause) {
        return new CliException(ExitCodes.IO, message, cause);
    }

    /** The process exit status for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
