package dev.engram.models;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints training progress: an epoch line, and a redrawn bar per batch when {@code bar} is set. */
final class ProgressLogger implements Callback {
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean bar;
    private long epochStart;

    ProgressLogger(PrintStream out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public void onEpochBegin(TrainingSession session, int epoch) {
        epochStart = System.nanoTime();
    }

    @Override
    public void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        if (!bar) {
            return;
        }
        int total = session.batchesPerEpoch();
        int done = (int) ((long) (batch + 1) * BAR_WIDTH / Math.max(1, total));
        String line = String.format(Locale.ROOT, "\rEpoch %d/%d [%s%s] %d/%d - loss: %.4g", epoch + 1, session.epochs(),
                "=".repeat(done), " ".repeat(BAR_WIDTH - done), batch + 1, total, logs.get("loss"));
        out.print(line);
        out.flush();
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        if (bar) {
            sb.append('\r').append(" ".repeat(BAR_WIDTH + 40)).append('\r');
        }
        long ms = (System.nanoTime() - epochStart) / 1_000_000;
        sb.append(String.format(Locale.ROOT, "Epoch %d/%d - %dms", epoch + 1, session.epochs(), ms));
        logs.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.6g", k, v)));
        out.println(sb);
    }
}
