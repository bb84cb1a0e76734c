package dev.engram.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running sums of one epoch's (or one evaluation's) logs: sample-weighted means for losses,
 * {@link Metric#statistics} for metrics. Flattens to {@code key#i} doubles for a
 * {@link TrainingState} and back.
 */
final class EpochTotals {
    private final Map<String, Metric> metricOf;
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    long samples;

    /** Totals whose keys in {@code metricOf} are finished by their metric, the rest as means. */
    EpochTotals(Map<String, Metric> metricOf) {
        this.metricOf = metricOf;
    }

    boolean isMetric(String key) {
        return metricOf.containsKey(key);
    }

    void addMean(String key, double value, int size) {
        add(key, new double[] {value * size, size});
    }

    void add(String key, double[] stats) {
        double[] s = sums.computeIfAbsent(key, k -> new double[stats.length]);
        for (int i = 0; i < stats.length; i++) {
            s[i] += stats[i];
        }
    }

    /** The value of every key. */
    Map<String, Double> results() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> {
            Metric m = metricOf.get(k);
            out.put(k, m != null ? m.result(s) : s[1] == 0 ? Double.NaN : s[0] / s[1]);
        });
        return out;
    }

    Map<String, Double> flatten() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> {
            for (int i = 0; i < s.length; i++) {
                out.put(k + "#" + i, s[i]);
            }
        });
        return out;
    }

    static EpochTotals restore(Map<String, Metric> metricOf, Map<String, Double> flat, long samples) {
        EpochTotals t = new EpochTotals(metricOf);
        Map<String, Map<Integer, Double>> parts = new LinkedHashMap<>();
        flat.forEach((k, v) -> {
            int cut = k.lastIndexOf('#');
            if (cut < 0) {
                throw new IllegalArgumentException("training state: epoch total '" + k + "' is not of the form key#i");
            }
            parts.computeIfAbsent(k.substring(0, cut), x -> new LinkedHashMap<>())
                    .put(Integer.parseInt(k.substring(cut + 1)), v);
        });
        parts.forEach((k, m) -> {
            double[] s = new double[m.size()];
            m.forEach((i, v) -> s[i] = v);
            t.sums.put(k, s);
        });
        t.samples = samples;
        return t;
    }
}
