package dev.engram.cli;

/** The exit statuses of {@code engram}; documented in {@code engram --help} and the README. */
public final class ExitCodes {
    /** Success (and, for {@code compare}, every output of every case within tolerance). */
    public static final int OK = 0;
    /** {@code compare}: at least one output of one case is outside the tolerance. */
    public static final int COMPARISON_FAILED = 1;
    /**
     * Usage error or bad input data: unknown or missing options, a missing file, malformed input data
     * (cases, CSV, config; the message names the row, column or index and the allowed range), an
     * input the model rejects (wrong shape, an Embedding id out of range or NaN).
     */
    public static final int USAGE = 2;
    /**
     * A defect in a model file (malformed, truncated, corrupt, inconsistent, unsupported or beyond a
     * load limit), or a model the target format of {@code convert} cannot express.
     */
    public static final int BAD_MODEL = 3;
    /** An unexpected internal error (a bug): run again with {@code --verbose} and report the trace. */
    public static final int INTERNAL = 4;
    /** An I/O failure: a file that exists cannot be read or written (permission denied, disk full, a folder as target). */
    public static final int IO = 5;

    private ExitCodes() {
    }
}
