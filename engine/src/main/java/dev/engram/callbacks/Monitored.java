package dev.engram.callbacks;

import java.util.Map;

/** Reads a monitored value from logs, with an error that lists what the logs hold. */
final class Monitored {
    private Monitored() {
    }

    static double value(String callback, String monitor, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw new IllegalStateException(callback + " monitors '" + monitor + "' but the logs hold only "
                    + logs.keySet() + (monitor.startsWith("val_") && noValidation(logs)
                    ? " (give validationSplit or validationData)" : ""));
        }
        return v;
    }

    private static boolean noValidation(Map<String, Double> logs) {
        return logs.keySet().stream().noneMatch(k -> k.startsWith("val_"));
    }
}
