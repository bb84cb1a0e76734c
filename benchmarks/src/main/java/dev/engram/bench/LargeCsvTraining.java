package dev.engram.bench;

import dev.engram.data.CsvDataset;
import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Progress;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The manual proof that training memory is bounded by the dataset's buffers (not part of the test
 * suite; see benchmarks/README.md):
 * <ul>
 *   <li>{@code generate FILE GB}: writes the W2 workload (32 steps of one feature, then the target)
 *       as CSV rows until the file holds {@code GB} gigabytes;</li>
 *   <li>{@code compare FILE}: W2 training throughput in memory (8192 samples) against streaming the
 *       first 8192 rows of FILE through {@code CsvDataset -> batch(64) -> prefetch};</li>
 *   <li>{@code epoch FILE}: one epoch over the whole FILE (run with {@code -Xmx512m}), reporting
 *       samples/s and the peak heap.</li>
 * </ul>
 */
public final class LargeCsvTraining {
    private static final int STEPS = Workloads.W2.timesteps();

    private LargeCsvTraining() {
    }

    /** Entry point: {@code generate FILE GB | compare FILE | epoch FILE}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: LargeCsvTraining generate FILE GB | compare FILE | epoch FILE");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "generate" -> generate(file, Double.parseDouble(args[2]));
            case "compare" -> compare(file);
            case "epoch" -> epoch(file);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void generate(Path file, double gigabytes) throws IOException {
        long limit = (long) (gigabytes * 1e9);
        long rows = 0;
        long bytes = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder header = new StringBuilder();
            for (int t = 0; t < STEPS; t++) {
                header.append('x').append(t).append(',');
            }
            header.append("y\n");
            w.write(header.toString());
            bytes += header.length();
            StringBuilder sb = new StringBuilder(512);
            while (bytes < limit) {
                sb.setLength(0);
                int i = (int) (rows % 8192);
                for (int t = 0; t < STEPS; t++) {
                    fixed(sb, Math.sin(0.1 * (i + t)) + 0.1 * Workloads.noise(i, t, 0));
                    sb.append(',');
                }
                fixed(sb, Math.sin(0.1 * (i + STEPS)));
                sb.append('\n');
                w.append(sb);
                bytes += sb.length();
                rows++;
            }
        }
        System.out.printf(Locale.ROOT, "wrote %d rows, %.2f GB to %s%n", rows, Files.size(file) / 1e9, file);
    }

    // Eight decimals, written without String.format (which would dominate the generation time).
    private static void fixed(StringBuilder sb, double v) {
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        long scaled = Math.round(v * 1e8);
        sb.append(scaled / 100_000_000L).append('.');
        String frac = Long.toString(scaled % 100_000_000L);
        sb.append("00000000", 0, 8 - frac.length()).append(frac);
    }

    private static Dataset<Sample> csv(Path file) {
        return CsvDataset.of(file).withLabels("y").withFeatureShape(STEPS, 1).build();
    }

    private static void compare(Path file) {
        int n = Workloads.W2.samples();
        int batch = Workloads.W2.batch();
        int rounds = 5;
        double[] memory = new double[rounds];
        double[] streamed = new double[rounds];
        var x = Workloads.inputs(n, STEPS, 1);
        var y = Workloads.targets(Workloads.W2, n);
        Sequential a = Workloads.model(Workloads.W2);
        Sequential b = Workloads.model(Workloads.W2);
        Dataset<Sample> data = csv(file).take(n).batch(batch).prefetch(8);
        a.fit(x, y, Workloads.oneEpoch(Workloads.W2));
        b.fit(data, FitOptions.epochs(1).withVerbosity(Verbosity.SILENT));
        // Alternate the two so that the machine's noise hits both alike.
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            a.fit(x, y, Workloads.oneEpoch(Workloads.W2));
            memory[r] = n / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            b.fit(data, FitOptions.epochs(1).withVerbosity(Verbosity.SILENT));
            streamed[r] = n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "round %d: in memory %.0f samples/s, CSV stream %.0f samples/s (%.1f%%)%n",
                    r + 1, memory[r], streamed[r], 100 * streamed[r] / memory[r]);
        }
        double m = median(memory);
        double s = median(streamed);
        System.out.printf(Locale.ROOT,
                "median: in memory %.0f samples/s, CSV stream %.0f samples/s: %.1f%% of in-memory%n", m, s, 100 * s / m);
    }

    private static void epoch(Path file) {
        Sequential m = Workloads.model(Workloads.W2);
        long start = System.nanoTime();
        long[] lastReport = {start};
        History h = m.fit(csv(file).shuffle(10_000, 1).batch(Workloads.W2.batch()).prefetch(8),
                FitOptions.epochs(1).withCallbacks(Progress.listener(e -> {
                    long now = System.nanoTime();
                    if (e.epochEnd() || now - lastReport[0] > 30e9) {
                        lastReport[0] = now;
                        System.out.printf(Locale.ROOT,
                                "%d samples, %.0f s, %.0f samples/s, loss %.5f, heap used %d MB%n", e.samples(), e.elapsedSeconds(), e.samplesPerSecond(), e.logs().get("loss"),
                                usedHeap() >> 20);
                    }
                })));
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "one epoch over %s (%.2f GB) in %.0f s, loss %.5f; max heap %d MB, peak heap"
                + " use (sum of pool peaks) %d MB%n", file, size(file) / 1e9, seconds, h.get("loss").get(0),
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
