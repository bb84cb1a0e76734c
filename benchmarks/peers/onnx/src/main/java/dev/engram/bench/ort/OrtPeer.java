package dev.engram.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime 1.22.0 (Java, CPU execution provider) on the models Engram exported with io-onnx
 * ({@code <w>.onnx}) or on the PyTorch-form models of {@code torch_form.py} ({@code <w>-torchform.onnx},
 * third argument {@code torchform}).
 * Usage: {@code OrtPeer MODEL_DIR W2|W3|W4|W5|W6|MHA} (MHA: Engram's self-attention export, {@code mha.onnx}); prints {@code RESULT {json}}. Env: BENCH_INFER_REPS,
 * BENCH_CALLS, BENCH_THREADS (intra-op threads, default 2).
 */
public final class OrtPeer {
    // name: timesteps, features, samples, inferBatch
    private static final Map<String, int[]> SPECS = Map.of("W2", new int[] {32, 1, 8192, 256},
            "W3", new int[] {50, 32, 4096, 256}, "W4", new int[] {50, 8, 1, 1}, "W5", new int[] {32, 1, 8192, 256},
            "W6", new int[] {50, 32, 4096, 256}, "MHA", new int[] {64, 128, 512, 32});

    private OrtPeer() {
    }

    private static int env(String k, int d) {
        String v = System.getenv(k);
        return v == null || v.isEmpty() ? d : Integer.parseInt(v);
    }

    static float[] inputs(int n, int timesteps, int features) {
        float[] x = new float[n * timesteps * features];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < timesteps; t++) {
                for (int f = 0; f < features; f++) {
                    double s = Math.sin(i * 12.9898 + t * 78.233 + f * 37.719) * 43758.5453;
                    x[p++] = (float) (Math.sin(0.1 * (i + t) + 0.5 * f) + 0.1 * (s - Math.floor(s) - 0.5));
                }
            }
        }
        return x;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static String arr(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return b.append(']').toString();
    }

    public static void main(String[] args) throws OrtException {
        String w = args[1];
        // Optional model kind: "export" (Engram's export, <w>.onnx, the default) or "torchform"
        // (<w>-torchform.onnx from torch_form.py: PyTorch's form, sigmoid gates).
        String kind = args.length > 2 ? args[2] : "export";
        String file = w.toLowerCase() + (kind.equals("export") ? "" : "-" + kind) + ".onnx";
        int[] s = SPECS.get(w);
        int threads = env("BENCH_THREADS", 2);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        String head = String.format(Locale.ROOT,
                "{\"peer\": \"onnxruntime\", \"variant\": \"ort-1.22.0-java\", \"workload\": \"%s\", \"threads\": %d, \"model\": \"%s\"",
                w, threads, kind);
        try (OrtSession session = env.createSession(Path.of(args[0], file).toString(), opts)) {
            String in = session.getInputNames().iterator().next();
            if (w.equals("W4")) {
                int calls = env("BENCH_CALLS", 1000);
                float[] x = inputs(1, s[0], s[1]);
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, s[0], s[1]})) {
                    Map<String, OnnxTensor> feed = Map.of(in, t);
                    // Warm-up as every JVM peer: at least 2000 calls and 2 s (background JIT compiles settle).
                    long warmEnd = System.nanoTime() + 2_000_000_000L;
                    for (int i = 0; i < 2000 || System.nanoTime() < warmEnd; i++) {
                        try (OrtSession.Result r = session.run(feed)) {
                            r.get(0);
                        }
                    }
                    double[] ms = new double[calls];
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result r = session.run(feed)) {
                            r.get(0);
                        }
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    double[] sorted = ms.clone();
                    Arrays.sort(sorted);
                    System.out.println("RESULT " + head + String.format(Locale.ROOT,
                            ", \"latency_median_ms\": %.6g, \"latency_p99_ms\": %.6g}", median(ms),
                            sorted[(int) Math.ceil(0.99 * calls) - 1]));
                }
                return;
            }
            int reps = env("BENCH_INFER_REPS", 3);
            int n = s[2], batch = s[3], per = s[0] * s[1];
            float[] x = inputs(n, s[0], s[1]);
            double[] sps = new double[reps];
            // Warm-up as the Engram harness: passes until at least 3 s and two passes have gone by
            // (JIT of the Java side settles; then the measured passes, r >= 0).
            long warmEnd = System.nanoTime() + 3_000_000_000L;
            int warm = 0;
            while (warm < 2 || System.nanoTime() < warmEnd) {
                warm++;
                pass(session, env, in, x, n, batch, per, s);
            }
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                pass(session, env, in, x, n, batch, per, s);
                sps[r] = n / ((System.nanoTime() - t0) / 1e9);
            }
            System.out.println("RESULT " + head + String.format(Locale.ROOT,
                    ", \"infer_sps\": %.6g, \"infer_sps_all\": %s}", median(sps), arr(sps)));
        }
    }

    /** One inference pass over the workload's n samples in batches. */
    private static void pass(OrtSession session, OrtEnvironment env, String in, float[] x, int n, int batch, int per,
            int[] s) throws OrtException {
        for (int i = 0; i < n; i += batch) {
            int b = Math.min(batch, n - i);
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, i * per, b * per).slice(),
                    new long[] {b, s[0], s[1]});
                    OrtSession.Result res = session.run(Map.of(in, t))) {
                res.get(0);
            }
        }
    }
}
