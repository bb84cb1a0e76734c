package dev.engram.models;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code fit} returns: every epoch's logged values by name ({@code loss}, {@code val_loss},
 * metrics, {@code learning_rate} when a callback adds it). Exports to CSV in the layout of Keras's
 * {@code CSVLogger} and to JSON as Keras's {@code history.history} dict, and reads such a CSV back
 * (e.g. for plotting).
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** An empty history. */
    public History() {
    }

    /**
     * Appends one epoch's logs; a key missing in some epochs holds NaN there.
     *
     * @param epochLogs the epoch's logged values by key (e.g. {@code loss}, {@code val_loss}); earlier epochs get NaN
     *                  for a key seen for the first time
     */
    public void record(Map<String, Double> epochLogs) {
        epochLogs.forEach((k, v) -> {
            // A key first logged in a later epoch gets NaN for the epochs before it.
            values.computeIfAbsent(k, x -> new ArrayList<>(Collections.nCopies(epochs, Double.NaN))).add(v);
        });
        epochs++;
        values.values().forEach(l -> {
            while (l.size() < epochs) {
                l.add(Double.NaN);
            }
        });
    }

    /**
     * The per-epoch values of {@code key}, e.g. {@code history.get("loss")}.
     *
     * @param key a logged key such as {@code loss} or {@code val_accuracy}
     * @return the values, one per epoch in order, NaN where the epoch did not log the key; unmodifiable
     * @throws IllegalArgumentException when no epoch logged {@code key}; the message lists the keys there are
     */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("history has no '" + key + "'; it has " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /**
     * All keys recorded, in first-logged order.
     *
     * @return the keys, unmodifiable, in the order they were first logged
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * Number of epochs recorded.
     *
     * @return how many epochs were recorded
     */
    public int epochs() {
        return epochs;
    }

    /**
     * CSV as Keras's {@code CSVLogger} writes it: header {@code epoch} and the keys sorted, one row
     * per epoch (0-based), values in Python's text form, NaN as {@code nan}.
     *
     * @return the CSV text, one line per epoch after the header, each line ending in a newline
     */
    public String toCsv() {
        List<String> keys = values.keySet().stream().sorted().toList();
        StringBuilder sb = new StringBuilder("epoch");
        keys.forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int e = 0; e < epochs; e++) {
            sb.append(e);
            for (String k : keys) {
                sb.append(',').append(formatValue(values.get(k).get(e)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * JSON as Keras's {@code history.history}: {@code {"loss": [..], "val_loss": [..]}}; NaN as {@code NaN}.
     *
     * @return the JSON object text, one array of per-epoch values per key
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\": [");
            for (int i = 0; i < e.getValue().size(); i++) {
                double v = e.getValue().get(i);
                sb.append(i == 0 ? "" : ", ").append(Double.isNaN(v) ? "NaN" : Double.isInfinite(v)
                        ? (v > 0 ? "Infinity" : "-Infinity") : formatValue(v));
            }
            sb.append(']');
            first = false;
        }
        return sb.append('}').toString();
    }

    /**
     * Writes {@link #toCsv()} or {@link #toJson()} to {@code path}, chosen by a {@code .json} ending.
     *
     * @param path the file to write (replaced if present); a name ending in {@code .json} gets JSON, any other CSV
     * @throws IOException when the file cannot be written
     */
    public void save(Path path) throws IOException {
        String text = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? toJson()
                : toCsv();
        // All or nothing: a failed write leaves a previous history file as it was.
        dev.engram.io.AtomicFiles.write(path, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW));
    }

    /**
     * Reads a CSV written by {@link #toCsv()} or Keras's {@code CSVLogger} (any of {@code , ; \t}
     * separators; {@code NA} and unparsable cells read as NaN).
     *
     * @throws IOException naming the file and line when the header has no {@code epoch} column or a
     *                     row has the wrong number of cells
     * @param path a CSV file with an {@code epoch} column and one column per logged key
     * @return the history, one epoch per data row
     */
    public static History readCsv(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException(path + ": empty history CSV");
        }
        String header = lines.get(0);
        String sep = header.contains("\t") ? "\t" : header.contains(";") ? ";" : ",";
        String[] names = header.split(sep, -1);
        int epochCol = List.of(names).indexOf("epoch");
        if (epochCol < 0) {
            throw new IOException(path + ":1: history CSV header has no 'epoch' column: " + header);
        }
        History h = new History();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(sep, -1);
            if (cells.length != names.length) {
                throw new IOException(path + ":" + (i + 1) + ": " + cells.length + " cells, the header has "
                        + names.length);
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (int c = 0; c < names.length; c++) {
                if (c != epochCol) {
                    row.put(names[c], parse(cells[c]));
                }
            }
            h.record(row);
        }
        return h;
    }

    private static double parse(String s) {
        String t = s.trim();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "na", "" -> {
                return Double.NaN;
            }
            case "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
    }

    /**
     * A logged value as Python's {@code repr(float)} writes it (what Keras's CSVLogger writes):
     * shortest round-trip digits, positional for exponents -4..15 ({@code 0.0123}, {@code 1.0}),
     * else scientific ({@code 1.5e-05}); {@code nan}, {@code inf}.
     *
     * @param v the value
     * @return its text as Keras's CSV writes it
     */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = bd.precision() - 1 - bd.scale();
        if (exponent >= -4 && exponent < 16) {
            String plain = bd.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = bd.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
    }

    @Override
    public String toString() {
        return "History" + values;
    }
}
