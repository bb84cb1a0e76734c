package dev.engram.cli;

/** The exit statuses of {@code engram}; documented in {@code engram --help} and the README. */
public final class ExitCodes {
    /** Success (and, for {@code compare}, every output of every case within tolerance). */
    public static final int OK = 0;
    /** {@code compare}: at least one output of one case is outside the tolerance. */
    public static final int COMPARISON_FAILED = 1;
    /** Usage error: unknown or missing options, a missing file, malformed input data (cases, CSV, config). */
    public static final int USAGE = 2;
    /** Bad or unsupported model file, or a model the target format of {@code convert} cannot express. */
    public static final int BAD_MODEL = 3;
    /** An unexpected internal error (a bug): run again with {@code --verbose} and report the trace. */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
