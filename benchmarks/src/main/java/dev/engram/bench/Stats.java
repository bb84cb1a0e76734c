package dev.engram.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small statistics and JSON helpers for the peer harness (no dependencies on purpose). */
public final class Stats {
    private Stats() {
    }

    /** Median of the values (mean of the two middle ones for an even count). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** The nearest-rank percentile {@code p} in (0, 100]. */
    public static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    /** A flat JSON object of strings and numbers, in insertion order. */
    public static String json(Map<String, Object> fields) {
        StringBuilder b = new StringBuilder("{");
        for (var e : fields.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof Integer || v instanceof Long) {
                b.append(v);
            } else if (v instanceof Number n) {
                b.append(String.format(Locale.ROOT, "%.6g", n.doubleValue()));
            } else if (v instanceof double[] arr) {
                b.append('[');
                for (int i = 0; i < arr.length; i++) {
                    b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", arr[i]));
                }
                b.append(']');
            } else {
                b.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return b.append('}').toString();
    }

    /** A new ordered field map. */
    public static Map<String, Object> fields() {
        return new LinkedHashMap<>();
    }
}
