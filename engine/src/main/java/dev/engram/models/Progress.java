package dev.engram.models;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Training progress sent to any sink: a per-batch progress bar with ETA and samples/s for a
 * terminal ({@link #bar}), one line per epoch for files and logs ({@link #lines(PrintStream)},
 * {@link #lines(Consumer)} — e.g. {@code Progress.lines(log::info)} for an SLF4J logger), or
 * structured {@link ProgressEvent}s to a listener ({@link #listener}). Put one among the
 * callbacks of {@link FitOptions#withCallbacks} and {@code fit} adds no progress output of its
 * own (as Keras when a {@code ProgbarLogger} is given).
 *
 * <p>Like Keras's progress bar, batch reports show the running means of the batch logs over the
 * epoch so far.
 */
public final class Progress implements Callback {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 50_000_000L;

    private final Consumer<ProgressEvent> listener;
    private long epochStart;
    private long lastDraw;
    private long samples;
    private final Map<String, Double> sums = new LinkedHashMap<>();

    private Progress(Consumer<ProgressEvent> listener) {
        this.listener = listener;
    }

    /**
     * A progress bar redrawn in place ({@code \r}) during each epoch, then the epoch line.
     *
     * @param out where to draw, normally a terminal's {@code System.out}
     * @return the progress callback
     */
    public static Progress bar(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return new Progress(e -> {
            if (e.epochEnd()) {
                out.print('\r' + " ".repeat(BAR_WIDTH + 80) + '\r');
                out.println(epochLine(e));
            } else {
                out.print('\r' + barLine(e));
            }
            out.flush();
        });
    }

    /**
     * One line per epoch to {@code out}.
     *
     * @param out where to print
     * @return the progress callback
     */
    public static Progress lines(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return lines(line -> {
            out.println(line);
            out.flush();
        });
    }

    /**
     * One line per epoch to any line sink, e.g. {@code log::info}.
     *
     * @param sink receives each epoch line, without a line terminator
     * @return the progress callback
     */
    public static Progress lines(Consumer<String> sink) {
        Objects.requireNonNull(sink, "sink");
        return new Progress(e -> {
            if (e.epochEnd()) {
                sink.accept(epochLine(e));
            }
        });
    }

    /**
     * Every batch and epoch report, structured.
     *
     * @param listener receives a report after every batch and at every epoch end, on the training thread
     * @return the progress callback
     */
    public static Progress listener(Consumer<ProgressEvent> listener) {
        return new Progress(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void onEpochBegin(TrainingSession session, int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        samples = 0;
        sums.clear();
    }

    @Override
    public void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        int total = session.batchesPerEpoch();
        long size = session.currentBatchSize();
        samples += size;
        logs.forEach((k, v) -> sums.merge(k, v * size, Double::sum));
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && (total <= 0 || batch + 1 < total)) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        int done = batch + 1;
        double eta = total <= 0 || done >= total ? Double.NaN : elapsed / done * (total - done);
        eta = done == total ? 0 : eta;
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / samples));
        listener.accept(new ProgressEvent(epoch, session.epochs(), done, total, samples, elapsed, eta,
                elapsed > 0 ? samples / elapsed : 0, means, false));
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        int batches = Math.max(session.batchesPerEpoch(), 0);
        listener.accept(new ProgressEvent(epoch, session.epochs(), batches, batches, samples, elapsed, 0,
                elapsed > 0 ? samples / elapsed : 0, logs, true));
    }

    /** {@code 12/40 [========>.....] - ETA: 3s - 5120 samples/s - loss: 0.1234}. */
    static String barLine(ProgressEvent e) {
        if (e.batches() <= 0) {
            // The first pass over a dataset: the total is not known yet.
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d %d/unknown - %.0f samples/s",
                    e.epoch() + 1, e.epochs(), e.batch(), e.samplesPerSecond()));
            e.logs().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.4g", k, v)));
            return sb.toString();
        }
        int filled = (int) ((long) e.batch() * BAR_WIDTH / e.batches());
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (e.batch() < e.batches() ? ">" : "=") : "")
                + ".".repeat(BAR_WIDTH - filled);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Epoch %d/%d %d/%d [%s] - ETA: %s - %.0f samples/s", e.epoch() + 1, e.epochs(), e.batch(), e.batches(),
                bar, duration(e.etaSeconds()), e.samplesPerSecond()));
        e.logs().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.4g", k, v)));
        return sb.toString();
    }

    /** {@code Epoch 3/10 - 812ms - 5120 samples/s - loss: 0.123456 - val_loss: 0.234567}. */
    static String epochLine(ProgressEvent e) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %dms - %.0f samples/s",
                e.epoch() + 1, e.epochs(), Math.round(e.elapsedSeconds() * 1000), e.samplesPerSecond()));
        e.logs().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.6g", k, v)));
        return sb.toString();
    }

    private static String duration(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : t >= 60 ? String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60) : t + "s";
    }
}
