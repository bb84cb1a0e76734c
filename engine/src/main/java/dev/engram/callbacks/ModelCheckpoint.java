package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saves the model during training, as Keras's {@code ModelCheckpoint}. The file path is a template
 * with Keras's placeholders: {@code {epoch}} (1-based), {@code {batch}} (1-based, batch saves only)
 * and any log key, each with an optional Python format spec, e.g.
 * {@code "ckpt/model-{epoch:02d}-{val_loss:.4f}.h5"}.
 *
 * <p>Saves at the end of every epoch by default; {@link #withSaveEveryEpochs} and
 * {@link #withSaveEveryBatches} (Keras {@code save_freq=N}, counted across epochs) change that.
 * With {@link #withSaveBestOnly} a save happens only when {@code monitor} (default
 * {@code val_loss}) beats the best value so far (strictly, as Keras). Each checkpoint is written by
 * the {@link CheckpointSaver} to a temporary sibling and moved into place, so an interrupted save
 * never leaves a partial file where a complete one was.
 */
public final class ModelCheckpoint implements Callback {
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");

    private final String filepath;
    private final CheckpointSaver saver;
    private final String monitor;
    private final MonitorMode mode;
    private final boolean saveBestOnly;
    private final int everyEpochs;
    private final int everyBatches;
    private final double initialValueThreshold;

    private double best;
    private int batchesSinceSave;
    private int saves;
    private Path lastSaved;

    private ModelCheckpoint(String filepath, CheckpointSaver saver, String monitor, MonitorMode mode,
            boolean saveBestOnly, int everyEpochs, int everyBatches, double initialValueThreshold) {
        this.filepath = Objects.requireNonNull(filepath, "filepath");
        this.saver = Objects.requireNonNull(saver, "saver");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (everyEpochs < 0 || everyBatches < 0 || (everyEpochs == 0) == (everyBatches == 0)) {
            throw new IllegalArgumentException("ModelCheckpoint saves every N > 0 epochs or every N > 0 batches, got "
                    + everyEpochs + " epochs and " + everyBatches + " batches");
        }
        this.saveBestOnly = saveBestOnly;
        this.everyEpochs = everyEpochs;
        this.everyBatches = everyBatches;
        this.initialValueThreshold = initialValueThreshold;
    }

    /**
     * Saves to {@code filepath} (a template, see the class comment) with {@code saver} after every epoch.
     *
     * @param filepath the path template, e.g. {@code ckpt/epoch-{epoch:02d}.h5}
     * @param saver writes the checkpoint in its format
     * @return the callback, saving after every epoch
     */
    public static ModelCheckpoint to(String filepath, CheckpointSaver saver) {
        return new ModelCheckpoint(filepath, saver, "val_loss", MonitorMode.AUTO, false, 1, 0, Double.NaN);
    }

    /**
     * Saves Engram's complete training state ({@link CheckpointSaver#trainingState()}).
     *
     * @param filepath the path template, e.g. {@code ckpt/epoch-{epoch:02d}.state}
     * @return the callback, saving after every epoch
     */
    public static ModelCheckpoint to(String filepath) {
        return to(filepath, CheckpointSaver.trainingState());
    }

    /**
     * Monitors another log key (default {@code val_loss}).
     *
     * @param key the log key compared by save-best-only, e.g. {@code val_accuracy}
     * @return the changed callback
     */
    public ModelCheckpoint monitoring(String key) {
        return new ModelCheckpoint(filepath, saver, key, mode, saveBestOnly, everyEpochs, everyBatches,
                initialValueThreshold);
    }

    /**
     * Whether the monitored value improves downwards or upwards (default {@link MonitorMode#AUTO}).
     *
     * @param m whether lower or higher values are better, or {@link MonitorMode#AUTO} to tell by the key
     * @return the changed callback
     */
    public ModelCheckpoint withMode(MonitorMode m) {
        return new ModelCheckpoint(filepath, saver, monitor, m, saveBestOnly, everyEpochs, everyBatches,
                initialValueThreshold);
    }

    /**
     * Save only when the monitored value improves on the best so far.
     *
     * @param b true to save only improvements, false to save every time
     * @return the changed callback
     */
    public ModelCheckpoint withSaveBestOnly(boolean b) {
        return new ModelCheckpoint(filepath, saver, monitor, mode, b, everyEpochs, everyBatches,
                initialValueThreshold);
    }

    /**
     * Save after every {@code n}-th epoch (epochs n, 2n, ... counted from 1).
     *
     * @param n epochs between saves, &gt; 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public ModelCheckpoint withSaveEveryEpochs(int n) {
        return new ModelCheckpoint(filepath, saver, monitor, mode, saveBestOnly, n, 0, initialValueThreshold);
    }

    /**
     * Save after every {@code n} batches, counted across epochs (Keras {@code save_freq=n}).
     *
     * @param n batches between saves, &gt; 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public ModelCheckpoint withSaveEveryBatches(int n) {
        return new ModelCheckpoint(filepath, saver, monitor, mode, saveBestOnly, 0, n, initialValueThreshold);
    }

    /**
     * With save-best-only: the value to beat before the first save (Keras {@code initial_value_threshold}).
     *
     * @param v the monitored value a first save must improve on
     * @return the changed callback
     */
    public ModelCheckpoint withInitialValueThreshold(double v) {
        return new ModelCheckpoint(filepath, saver, monitor, mode, saveBestOnly, everyEpochs, everyBatches, v);
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        boolean max = mode.maximizes(monitor);
        best = !Double.isNaN(initialValueThreshold) ? initialValueThreshold
                : max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        batchesSinceSave = 0;
    }

    @Override
    public void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        if (everyBatches > 0 && ++batchesSinceSave >= everyBatches) {
            batchesSinceSave = 0;
            save(session, epoch, batch, logs);
        }
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        if (everyEpochs > 0 && (epoch + 1) % everyEpochs == 0) {
            save(session, epoch, -1, logs);
        }
    }

    private void save(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        if (saveBestOnly) {
            double current = Monitored.value("ModelCheckpoint", monitor, logs);
            boolean better = mode.maximizes(monitor) ? current > best : current < best;
            if (!better) {
                return;
            }
            best = current;
        }
        Path target = Path.of(fileName(filepath, epoch, batch, logs));
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // The temporary name keeps the target's ending, from which savers may choose the format.
            Path tmp = dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + target.getFileName());
            deleteRecursively(tmp);
            try {
                saver.save(session.model(), session.state(), tmp);
                replace(tmp, target);
            } finally {
                deleteRecursively(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint could not save epoch " + (epoch + 1) + " to " + target
                    + ": " + e.getMessage(), e);
        }
        saves++;
        lastSaved = target;
    }

    /**
     * Checkpoints written so far in this callback's life.
     *
     * @return the number of checkpoints written
     */
    public int saves() {
        return saves;
    }

    /**
     * The last checkpoint written, or null.
     *
     * @return the path of the last checkpoint, or null before the first save
     */
    public Path lastSaved() {
        return lastSaved;
    }

    /**
     * The best monitored value seen by save-best-only (infinite before the first improvement).
     *
     * @return the best value, or +/- infinity before the first improvement
     */
    public double best() {
        return best;
    }

    /**
     * Fills Keras's placeholders: {@code {epoch}} and {@code {batch}} 1-based, log keys by value;
     * format specs as Python's ({@code 02d}, {@code .4f}, {@code .3e}, {@code g}).
     */
    static String fileName(String template, int epoch, int batch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String spec = m.group(2);
            Object value;
            if (key.equals("epoch")) {
                value = (long) epoch + 1;
            } else if (key.equals("batch") && batch >= 0) {
                value = (long) batch + 1;
            } else if (logs.containsKey(key)) {
                value = logs.get(key);
            } else {
                throw new IllegalArgumentException("ModelCheckpoint path '" + template + "' names {" + key
                        + "} but the logs hold only " + logs.keySet() + " (and epoch"
                        + (batch >= 0 ? ", batch)" : "; batch only for batch saves)"));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(format(value, spec)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String format(Object value, String spec) {
        if (spec == null || spec.isEmpty()) {
            return value instanceof Long ? value.toString() : String.valueOf(value);
        }
        char type = spec.charAt(spec.length() - 1);
        String flags = Character.isLetter(type) ? spec.substring(0, spec.length() - 1) : spec;
        if (!Character.isLetter(type)) {
            type = value instanceof Long ? 'd' : 'g';
        }
        Object arg = switch (type) {
            case 'd' -> value instanceof Long l ? l : (long) (double) (Double) value;
            case 'f', 'e', 'g', 'E', 'G' -> value instanceof Long l ? (double) l : value;
            default -> throw new IllegalArgumentException("ModelCheckpoint path: format spec '" + spec
                    + "' is not one of d, f, e, g");
        };
        return String.format(Locale.ROOT, "%" + flags + type, arg);
    }

    private static void replace(Path tmp, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            deleteRecursively(target);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
