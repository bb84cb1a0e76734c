package dev.engram.models;

/** How {@code fit} reports progress. */
public enum Verbosity {
    /** Nothing. */
    SILENT,
    /** One line per epoch with its losses and metrics. */
    EPOCH_LINES,
    /** A progress bar redrawn per batch (needs a terminal), then the epoch line. */
    PROGRESS_BAR,
    /** {@link #PROGRESS_BAR} when standard output is a terminal, else {@link #EPOCH_LINES}. */
    AUTO
}
