package dev.engram.bench;

import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.models.Predictor;
import dev.engram.models.Sequential;
import dev.engram.tensor.LinearAlgebra;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The Engram side of the side-by-side runner ({@code benchmarks/peers/run-all.sh}): one workload per
 * process, one {@code RESULT {json}} line on stdout, the same protocol as the other peers' harnesses.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.engram.bench.EngramPeer
 * W1|W2|W3|W4|W5|W6|CNN|MHA|GEMM|export DIR|onnx DIR W} (MHA: {@link AttentionWorkload}); {@code onnx DIR W} runs
 * {@code DIR/<w>-torchform.onnx} (written by {@code peers/onnx/torch_form.py}) through
 * {@link OnnxModel#predict}. Gate kind: {@code bench.gates} / {@code BENCH_GATES} (see
 * {@link Workloads#sigmoidGates()}). Knobs (system properties): {@code bench.epochs} timed epochs after one
 * warm-up epoch (CNN: at least three and 6 s) (default 3), {@code bench.trainSamples} training subset (default: the workload's),
 * {@code bench.inferReps} timed predict passes (default 3), {@code bench.calls} W4 calls (default 1000),
 * {@code engram.kernels.threads} GEMM threads; the environment variables {@code BENCH_EPOCHS},
 * {@code BENCH_TRAIN_SAMPLES}, {@code BENCH_INFER_REPS}, {@code BENCH_CALLS} (as for the other peers)
 * apply when the property is absent.
 */
public final class EngramPeer {
    private EngramPeer() {
    }

    /** Runs the workload named by {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: EngramPeer W1|W2|W3|W4|W5|W6|CNN|MHA|GEMM|export DIR|onnx DIR W");
            System.exit(2);
        }
        switch (args[0]) {
            case "W1" -> w1();
            case "W2" -> recurrent(Workloads.W2);
            case "W3" -> recurrent(Workloads.W3);
            case "W4" -> w4();
            case "W5" -> recurrent(Workloads.W5);
            case "W6" -> recurrent(Workloads.W6);
            case "CNN" -> convnet();
            case "MHA" -> AttentionWorkload.run();
            case "onnx" -> onnx(Path.of(args[1]), args[2]);
            case "GEMM" -> gemm();
            case "export" -> export(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown workload " + args[0]);
        }
    }

    /** A knob: the system property, else the environment variable the other peers read, else the default. */
    static int knob(String property, String env, int fallback) {
        String v = System.getProperty(property, System.getenv(env));
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    private static Map<String, Object> header(String workload) {
        var f = Stats.fields();
        f.put("peer", "engram");
        f.put("variant", "vector-" + LinearAlgebra.kernelName());
        f.put("workload", workload);
        f.put("gates", Workloads.sigmoidGates() ? "sigmoid" : "hard_sigmoid");
        f.put("threads", Integer.getInteger("engram.kernels.threads", Runtime.getRuntime().availableProcessors()));
        return f;
    }

    private static void w1() {
        long t0 = System.nanoTime();
        float p = Workloads.tutorial();
        var f = header("W1");
        f.put("fit_predict_s", (System.nanoTime() - t0) / 1e9);
        f.put("prediction", p);
        System.out.println("RESULT " + Stats.json(f));
    }

    private static void recurrent(Workloads.Spec spec) {
        int epochs = knob("bench.epochs", "BENCH_EPOCHS", 3);
        int n = knob("bench.trainSamples", "BENCH_TRAIN_SAMPLES", spec.samples());
        int reps = knob("bench.inferReps", "BENCH_INFER_REPS", 3);
        Tensor x = Workloads.inputs(spec.samples(), spec.timesteps(), spec.features());
        Tensor y = Workloads.targets(spec, spec.samples());
        Tensor xt = n < spec.samples() ? x.slice(0, n) : x;
        Tensor yt = n < spec.samples() ? y.slice(0, n) : y;
        Sequential model = Workloads.model(spec);
        var options = Workloads.oneEpoch(spec);
        model.fit(xt, yt, options); // warm-up epoch
        double[] train = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            model.fit(xt, yt, options);
            train[e] = n / ((System.nanoTime() - t0) / 1e9);
        }
        warmUp(() -> model.predict(x, spec.inferBatch()));
        double[] infer = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Tensor out = model.predict(x, spec.inferBatch());
            infer[r] = spec.samples() / ((System.nanoTime() - t0) / 1e9);
            if (!Float.isFinite(out.buffer()[0])) {
                throw new IllegalStateException("non-finite prediction");
            }
        }
        emitThroughput(spec.name(), n, train, infer);
    }

    /** Prints a training/inference throughput result line. */
    private static void emitThroughput(String workload, int trainSamples, double[] train, double[] infer) {
        var f = header(workload);
        f.put("train_samples", trainSamples);
        f.put("train_sps", Stats.median(train));
        f.put("train_sps_all", train);
        f.put("infer_sps", Stats.median(infer));
        f.put("infer_sps_all", infer);
        System.out.println("RESULT " + Stats.json(f));
    }

    /** Workload CNN: training and inference samples/s of the TF.js MNIST convnet ({@link ConvnetWorkload}). */
    private static void convnet() {
        int epochs = knob("bench.epochs", "BENCH_EPOCHS", 3);
        int n = knob("bench.trainSamples", "BENCH_TRAIN_SAMPLES", ConvnetWorkload.SAMPLES);
        int reps = knob("bench.inferReps", "BENCH_INFER_REPS", 3);
        Tensor x = ConvnetWorkload.images(n);
        Tensor y = ConvnetWorkload.labels(n);
        Sequential model = ConvnetWorkload.model();
        // Warm-up: at least 3 epochs (12 steps) and 6 s. The convolution tiles are small methods called
        // thousands of times per step, and C2 reached their steady speed only in the third epoch (at
        // load 12, measured per epoch in CPU time: 2.3k, 6.1k, 7.3k, then 10k samples/s on one thread).
        long warmEnd = System.nanoTime() + 6_000_000_000L; // as the MHA workload: past C2's recompilations
        for (int e = 0; e < 3 || System.nanoTime() < warmEnd; e++) {
            model.fit(x, y, ConvnetWorkload.oneEpoch());
        }
        double[] train = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            model.fit(x, y, ConvnetWorkload.oneEpoch());
            train[e] = n / ((System.nanoTime() - t0) / 1e9);
        }
        for (int r = 0; r < 3; r++) {
            model.predict(x, ConvnetWorkload.BATCH); // warm-up passes
        }
        double[] infer = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Tensor out = model.predict(x, ConvnetWorkload.BATCH);
            infer[r] = n / ((System.nanoTime() - t0) / 1e9);
            if (!Float.isFinite(out.buffer()[0])) {
                throw new IllegalStateException("non-finite prediction");
            }
        }
        emitThroughput("CNN", n, train, infer);
    }

    private static void w4() {
        int calls = knob("bench.calls", "BENCH_CALLS", 1000);
        var spec = Workloads.W4;
        Sequential model = Workloads.model(spec);
        // The serving path: a Predictor writes into a caller-owned array and allocates nothing per call.
        Predictor predictor = Predictor.of(model);
        float[] x = Workloads.inputs(1, spec.timesteps(), spec.features()).buffer();
        float[] y = new float[predictor.outputSize()];
        float sink = 0;
        // Warm-up: at least 2000 calls and 2 s, so that background JIT compiles have settled (the
        // ONNX Runtime harness warms up the same way).
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < 2000 || System.nanoTime() < warmEnd; i++) {
            predictor.predict(x, 1, y);
            sink += y[0];
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            predictor.predict(x, 1, y);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            sink += y[0];
        }
        // The same model through model.predict, so the table shows that the Predictor is never slower.
        Tensor xt = Workloads.inputs(1, spec.timesteps(), spec.features());
        double[] plain = latencies(calls, () -> model.predict(xt).buffer()[0]);
        var f = header("W4");
        f.put("latency_median_ms", Stats.median(ms));
        f.put("latency_p99_ms", Stats.percentile(ms, 99));
        f.put("predict_latency_median_ms", Stats.median(plain));
        f.put("sink", sink);
        System.out.println("RESULT " + Stats.json(f));
    }

    /**
     * Runs an inference pass over the workload's samples until at least {@link #WARM_UP_NANOS} and
     * two passes have gone by. One pass was not enough: C2 compiles the Vector API kernels of the
     * inference path in the background for a second or more, and with {@code QUICK=1} (two measured
     * passes) the first measured pass still ran partly interpreted (W2 at two threads: the first of
     * eight passes 2-3x slower than the last). The ONNX Runtime harness warms up the same way.
     */
    private static void warmUp(Runnable pass) {
        long end = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 2 || System.nanoTime() < end; i++) {
            pass.run();
        }
    }

    /** Shortest warm-up of the throughput workloads (3 s). */
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    /** Median-ready latencies (ms) of {@code calls} calls after a warm-up of 2000 calls and 2 s. */
    private static double[] latencies(int calls, java.util.function.DoubleSupplier call) {
        double sink = 0;
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < 2000 || System.nanoTime() < warmEnd; i++) {
            sink += call.getAsDouble();
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            sink += call.getAsDouble();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (!Double.isFinite(sink)) {
            throw new IllegalStateException("non-finite prediction");
        }
        return ms;
    }

    /**
     * Inference of {@code DIR/<w>-torchform.onnx} (PyTorch's form, sigmoid gates) through
     * {@link OnnxModel#predict}: samples/s at the workload's inference batch, or W4's latency.
     */
    private static void onnx(Path dir, String w) throws IOException {
        var spec = Workloads.spec(w);
        OnnxModel m = OnnxModel.load(dir.resolve(w.toLowerCase() + "-torchform.onnx"));
        var f = header(w);
        f.put("gates", "sigmoid");
        f.put("path", "OnnxModel.predict");
        if (spec.samples() == 1) {
            Tensor x = Workloads.inputs(1, spec.timesteps(), spec.features());
            double[] ms = latencies(knob("bench.calls", "BENCH_CALLS", 1000), () -> m.predict(x).buffer()[0]);
            f.put("latency_median_ms", Stats.median(ms));
            f.put("latency_p99_ms", Stats.percentile(ms, 99));
        } else {
            int reps = knob("bench.inferReps", "BENCH_INFER_REPS", 3);
            Tensor x = Workloads.inputs(spec.samples(), spec.timesteps(), spec.features());
            int batch = spec.inferBatch();
            Tensor[] parts = new Tensor[(spec.samples() + batch - 1) / batch];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = x.slice(i * batch, Math.min(spec.samples(), (i + 1) * batch));
            }
            Runnable pass = () -> {
                for (Tensor p : parts) {
                    if (!Float.isFinite(m.predict(p).buffer()[0])) {
                        throw new IllegalStateException("non-finite prediction");
                    }
                }
            };
            warmUp(pass);
            double[] sps = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                pass.run();
                sps[r] = spec.samples() / ((System.nanoTime() - t0) / 1e9);
            }
            f.put("infer_sps", Stats.median(sps));
            f.put("infer_sps_all", sps);
        }
        System.out.println("RESULT " + Stats.json(f));
    }

    /** GEMM shapes of issue 6 as {m, k, n}. */
    static final int[][] GEMM_SHAPES = {{64, 65, 256}, {128, 288, 1024}, {1024, 1024, 1024}};

    private static void gemm() {
        Random r = new Random(7);
        for (int[] s : GEMM_SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() - 0.5f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextFloat() - 0.5f;
            }
            double flops = 2.0 * m * n * k;
            int inner = (int) Math.max(1, 2e8 / flops); // ~2e8 FLOPs (tens of ms) per sample
            for (int w = 0; w < 5 * inner + 10; w++) {
                LinearAlgebra.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
            }
            double[] gf = new double[7];
            for (int rep = 0; rep < gf.length; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < inner; i++) {
                    LinearAlgebra.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
                }
                gf[rep] = flops * inner / (System.nanoTime() - t0);
            }
            var f = header("GEMM");
            f.put("shape", m + "x" + k + "x" + n);
            f.put("gflops", Stats.median(gf));
            f.put("gflops_all", gf);
            System.out.println("RESULT " + Stats.json(f));
        }
    }

    /** Writes w2.onnx to w6.onnx (the Engram models after a short fit) and mha.onnx for ONNX Runtime. */
    private static void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var spec : new Workloads.Spec[] {Workloads.W2, Workloads.W3, Workloads.W4, Workloads.W5, Workloads.W6}) {
            Sequential model = Workloads.model(spec);
            // One short fit so the exported weights are trained ones, as the issue asks.
            int n = Math.min(256, spec.samples());
            model.fit(Workloads.inputs(n, spec.timesteps(), spec.features()), Workloads.targets(spec, n),
                    Workloads.oneEpoch(spec));
            OnnxExporter.export(model, dir.resolve(spec.name().toLowerCase() + ".onnx"),
                    OnnxExportOptions.defaults().withNames("x", "y"));
        }
        AttentionWorkload.export(dir);
    }
}
