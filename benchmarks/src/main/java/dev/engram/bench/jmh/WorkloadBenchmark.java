package dev.engram.bench.jmh;

import dev.engram.bench.Workloads;
import dev.engram.models.FitOptions;
import dev.engram.models.Predictor;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workloads of issue 6 through the public API ({@link Workloads}): W1 (whole tutorial in-process),
 * one W2 / W3 training batch ({@code fit} on one batch, so samples/s = batch / time), W2 / W3 inference
 * ({@code predict} on one 256-sample chunk) and W4 single-sample {@code predict} latency. Use
 * {@code -prof gc} for the allocation per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class WorkloadBenchmark {
    private Sequential w2;
    private Sequential w3;
    private Sequential w4;
    private Tensor w2x;
    private Tensor w2y;
    private Tensor w2xi;
    private Tensor w3x;
    private Tensor w3y;
    private Tensor w3xi;
    private Tensor w4x;
    private Predictor w4predictor;
    private float[] w4y;
    private FitOptions w2opt;
    private FitOptions w3opt;

    /** Models and one batch of data per workload. */
    @Setup
    public void setUp() {
        w2 = Workloads.model(Workloads.W2);
        w3 = Workloads.model(Workloads.W3);
        w4 = Workloads.model(Workloads.W4);
        w2x = Workloads.inputs(64, 32, 1);
        w2y = Workloads.targets(Workloads.W2, 64);
        w2xi = Workloads.inputs(256, 32, 1);
        w3x = Workloads.inputs(128, 50, 32);
        w3y = Workloads.targets(Workloads.W3, 128);
        w3xi = Workloads.inputs(256, 50, 32);
        w4x = Workloads.inputs(1, 50, 8);
        w4predictor = Predictor.of(w4);
        w4y = new float[w4predictor.outputSize()];
        w2opt = Workloads.oneEpoch(Workloads.W2);
        w3opt = Workloads.oneEpoch(Workloads.W3);
    }

    /** W1: model build, 10 epochs on 2 samples, one predict (in a warm JVM). */
    @Benchmark
    public float w1Tutorial() {
        return Workloads.tutorial();
    }

    /** W2: one training batch of 64. */
    @Benchmark
    public Object w2TrainBatch() {
        return w2.fit(w2x, w2y, w2opt);
    }

    /** W2: predict 256 samples. */
    @Benchmark
    public Tensor w2Predict256() {
        return w2.predict(w2xi);
    }

    /** W3: one training batch of 128. */
    @Benchmark
    public Object w3TrainBatch() {
        return w3.fit(w3x, w3y, w3opt);
    }

    /** W3: predict 256 samples. */
    @Benchmark
    public Tensor w3Predict256() {
        return w3.predict(w3xi);
    }

    /** W4: single-sample predict latency through {@code predict} (allocates the result tensors). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Tensor w4PredictLatency() {
        return w4.predict(w4x);
    }

    /** W4: single-sample latency through a {@code Predictor} (the serving path; {@code -prof gc} shows 0 B/op). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public float[] w4PredictorLatency() {
        w4predictor.predict(w4x.buffer(), 1, w4y);
        return w4y;
    }
}
