package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.History;
import dev.engram.models.TrainingSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streams the epoch logs to a CSV file, as Keras's {@code CSVLogger}: a header {@code epoch} plus
 * the log keys in sorted order (fixed by the first epoch), then one row per epoch with the 0-based
 * epoch and the values in Python's text form ({@code NA} for a key an epoch lacks). Each row is
 * flushed as written. With {@link #withAppend} true an existing file is continued without a second
 * header (for resumed training).
 */
public final class CsvLogger implements Callback {
    private final Path file;
    private final char separator;
    private final boolean append;
    private BufferedWriter out;
    private List<String> keys;

    private CsvLogger(Path file, char separator, boolean append) {
        this.file = Objects.requireNonNull(file, "file");
        this.separator = separator;
        this.append = append;
    }

    /**
     * Logs to {@code file}, comma-separated, overwriting it.
     *
     * @param file the CSV file; created or overwritten when training begins
     * @return the callback
     */
    public static CsvLogger to(Path file) {
        return new CsvLogger(file, ',', false);
    }

    /**
     * With another separator.
     *
     * @param s the column separator, e.g. {@code ';'} or {@code '\t'}
     * @return the changed callback
     */
    public CsvLogger withSeparator(char s) {
        return new CsvLogger(file, s, append);
    }

    /**
     * Continue an existing file instead of overwriting it.
     *
     * @param a true to append rows to an existing file, false to overwrite it
     * @return the changed callback
     */
    public CsvLogger withAppend(boolean a) {
        return new CsvLogger(file, separator, a);
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        try {
            boolean continuing = append && Files.exists(file) && Files.size(file) > 0;
            keys = continuing ? existingKeys() : null;
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    continuing ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger could not open " + file + ": " + e.getMessage(), e);
        }
    }

    private List<String> existingKeys() throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String header = lines.findFirst().orElse("");
            List<String> k = new ArrayList<>(List.of(header.split(java.util.regex.Pattern.quote(
                    String.valueOf(separator)), -1)));
            k.remove(0);
            return k;
        }
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        try {
            if (keys == null) {
                keys = logs.keySet().stream().sorted().toList();
                out.write("epoch");
                for (String k : keys) {
                    out.write(separator);
                    out.write(k);
                }
                out.newLine();
            }
            out.write(Integer.toString(epoch));
            for (String k : keys) {
                out.write(separator);
                Double v = logs.get(k);
                out.write(v == null ? "NA" : History.formatValue(v));
            }
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger could not write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(TrainingSession session) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger could not close " + file, e);
        }
    }
}
