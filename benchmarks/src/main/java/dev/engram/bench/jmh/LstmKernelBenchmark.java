package dev.engram.bench.jmh;

import dev.engram.activations.Activations;
import dev.engram.internal.recurrent.LstmKernel;
import dev.engram.internal.recurrent.RecurrentInputs;
import dev.engram.internal.recurrent.RecurrentPlan;
import dev.engram.internal.recurrent.RecurrentTrace;
import dev.engram.internal.recurrent.RecurrentWeights;
import dev.engram.internal.kernels.Workspace;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused LSTM kernel ({@code dev.engram.internal.recurrent.LstmKernel}) over a whole sequence, forward
 * (training and inference) and backward, at the W2 / W3 / W4 sizes. Run with {@code -prof gc} to see the
 * bytes allocated per call (the issue asks for none per predict after warm-up).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LstmKernelBenchmark {
    /** batch x timesteps x features x units: W2 train batch, W3 train batch, W4 single sample. */
    @Param({"64x32x1x64", "128x50x32x256", "1x50x8x128"})
    public String size;

    private LstmKernel kernel;
    private RecurrentPlan plan;
    private float[] x;
    private float[] w;
    private float[] r;
    private float[] bias;
    private float[] dOut;
    private float[] dW;
    private float[] dR;
    private float[] dB;
    private RecurrentWeights weights;
    private RecurrentWeights grads;
    private RecurrentTrace trace;
    private float[] out;
    private final Workspace workspace = new Workspace();

    /** Random weights and inputs; one recorded training trace for the backward benchmark. */
    @Setup
    public void setUp() {
        String[] p = size.split("x");
        int batch = Integer.parseInt(p[0]);
        int steps = Integer.parseInt(p[1]);
        int features = Integer.parseInt(p[2]);
        int units = Integer.parseInt(p[3]);
        plan = new RecurrentPlan(batch, steps, features, units, false, false);
        kernel = new LstmKernel(Activations.tanh(), Activations.sigmoid());
        Random rnd = new Random(3);
        x = fill(rnd, batch * steps * features, 1f);
        w = fill(rnd, features * 4 * units, 0.2f);
        r = fill(rnd, units * 4 * units, 0.2f);
        bias = fill(rnd, 4 * units, 0.1f);
        dOut = fill(rnd, batch * units, 1f);
        dW = new float[w.length];
        dR = new float[r.length];
        dB = new float[bias.length];
        weights = new RecurrentWeights(w, r, bias);
        grads = new RecurrentWeights(dW, dR, dB);
        trace = kernel.forward(plan, x, weights, RecurrentInputs.NONE, true);
        out = new float[batch * units];
    }

    private static float[] fill(Random rnd, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextFloat() - 0.5f) * 2 * scale;
        }
        return v;
    }

    /** Inference over the sequence, as layers and predictors run it (into a reused output and workspace). */
    @Benchmark
    public float[] forwardInference() {
        kernel.infer(plan, x, 0, weights, out, 0, workspace);
        return out;
    }

    /** Training forward (records the trace). */
    @Benchmark
    public RecurrentTrace forwardTraining() {
        return kernel.forward(plan, x, weights, RecurrentInputs.NONE, true);
    }

    /** Back-propagation through time from a recorded trace. */
    @Benchmark
    public float[] backward() {
        return kernel.backward(plan, trace, weights, dOut, null, grads, null);
    }
}
