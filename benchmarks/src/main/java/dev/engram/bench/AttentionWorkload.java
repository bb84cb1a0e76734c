package dev.engram.bench;

import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.layers.Layers;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.LinearAlgebra;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MHA workload of the side-by-side runner (issue 18): self-attention inference,
 * {@code MultiHeadAttention(4 heads, keyDim 32)(x, x)} over {@code x [64 steps, 128 features]} (the
 * output projection back to 128), 512 samples predicted in batches of 32, on Engram and on ONNX Runtime
 * running Engram's own export ({@code mha.onnx}, written by {@code EngramPeer export}). Forward cost per
 * sample: four projections {@code 4 * 2 * 64 * 128 * 128} plus scores and weighted sum
 * {@code 2 * 2 * 4 * 64 * 64 * 32} = 10.5 MFLOP. Inputs are {@link Workloads#inputs}, as for every peer.
 */
public final class AttentionWorkload {
    /** Steps, features, samples, inference batch (ONNX Runtime's harness repeats them). */
    static final int STEPS = 64;
    static final int FEATURES = 128;
    static final int SAMPLES = 512;
    static final int BATCH = 32;
    static final int HEADS = 4;
    static final int KEY_DIM = 32;

    private AttentionWorkload() {
    }

    /** The self-attention model with the runner's fixed seed. */
    static Model model() {
        ModelBuilder b = new ModelBuilder("mha", Workloads.SEED);
        SymbolicTensor x = b.input("x", STEPS, FEATURES);
        SymbolicTensor y = b.apply(Layers.multiHeadAttention(HEADS, KEY_DIM), x, x);
        return b.build(List.of(x), List.of(y));
    }

    /**
     * Inference samples/s: the median of the timed passes after a warm-up of at least one pass and 6 s, so
     * that C2 has compiled the attention kernels (the first passes run them in the interpreter and C1, where
     * Vector API code is 10-100x slower; with a single warm-up pass of 0.1 s the QUICK rows measured that),
     * and then until a pass runs without the JIT finishing a compilation (at most 15 s in all): with two
     * kernel threads both cores compute during the warm-up and C2 compiles more slowly, so at 3 s the
     * per-sample task's methods could still be C1 code (a -XX:+PrintCompilation run on the shared machine
     * finished them at 3.4-4.3 s). A quiet two-core run per pass: 8-13k samples/s up to 3.1 s (recompilations),
     * then 14k steadily; the earlier 3 s minimum measured 8k on two threads, so the minimum is 6 s. Prints the
     * RESULT line.
     */
    static void run() {
        int reps = EngramPeer.knob("bench.inferReps", "BENCH_INFER_REPS", 3);
        Model m = model();
        Tensor x = Workloads.inputs(SAMPLES, STEPS, FEATURES);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        boolean compiled;
        do {
            long jitBefore = watchJit ? jit.getTotalCompilationTime() : 0;
            m.predict(x, BATCH);
            compiled = watchJit && jit.getTotalCompilationTime() != jitBefore;
        } while (System.nanoTime() - start < 15_000_000_000L
                && (System.nanoTime() - start < 6_000_000_000L || compiled));
        double warmup = (System.nanoTime() - start) / 1e9;
        double[] sps = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Tensor out = m.predict(x, BATCH);
            if (!Float.isFinite(out.buffer()[0])) {
                throw new IllegalStateException("non-finite prediction");
            }
            sps[r] = SAMPLES / ((System.nanoTime() - t0) / 1e9);
        }
        var f = Stats.fields();
        f.put("peer", "engram");
        f.put("variant", "vector-" + LinearAlgebra.kernelName());
        f.put("workload", "MHA");
        f.put("threads", Integer.getInteger("engram.kernels.threads", Runtime.getRuntime().availableProcessors()));
        f.put("warmup_s", warmup);
        f.put("infer_sps", Stats.median(sps));
        f.put("infer_sps_all", sps);
        System.out.println("RESULT " + Stats.json(f));
    }

    /** Writes {@code mha.onnx} (input {@code x}, output {@code y}) for ONNX Runtime. */
    static void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        OnnxExporter.export(model(), dir.resolve("mha.onnx"), OnnxExportOptions.defaults().withNames("x", "y"));
    }
}
