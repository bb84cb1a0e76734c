package dev.engram.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} returns: every epoch's logged values by name ({@code loss}, {@code val_loss}, metrics). */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    void record(Map<String, Double> epochLogs) {
        epochLogs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    /** The per-epoch values of {@code key}, e.g. {@code history.get("loss")}. */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("history has no '" + key + "'; it has " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** All keys recorded. */
    public java.util.Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Number of epochs run. */
    public int epochs() {
        return values.isEmpty() ? 0 : values.values().iterator().next().size();
    }

    @Override
    public String toString() {
        return "History" + values;
    }
}
