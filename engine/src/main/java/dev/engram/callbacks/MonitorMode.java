package dev.engram.callbacks;

import java.util.Locale;

/** Whether a monitored log value improves by going down or up, as Keras's {@code mode}. */
public enum MonitorMode {
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX,
    /**
     * From the name: losses and errors are minimised; accuracy, AUC, precision and recall (with or
     * without {@code val_} and output prefixes) are maximised, as Keras resolves metric directions.
     */
    AUTO;

    /**
     * Whether {@code monitor} is maximised under this mode.
     *
     * @param monitor the log key, e.g. {@code val_accuracy}; decides only under {@link #AUTO}
     * @return true when higher values are better
     */
    public boolean maximizes(String monitor) {
        if (this != AUTO) {
            return this == MAX;
        }
        String m = monitor.toLowerCase(Locale.ROOT);
        if (m.endsWith("loss")) {
            return false;
        }
        return m.contains("acc") || m.contains("auc") || m.contains("precision") || m.contains("recall")
                || m.contains("top_k") || m.contains("topk");
    }
}
