package dev.engram.bench.jmh;

import dev.engram.bench.Workloads;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch-1 latency of W4's shape ({@code [50, 8]} -> 128 units -> Dense(1)) for each recurrent cell,
 * through a {@link Predictor} and through {@code model.predict}. With {@code -prof gc} the
 * Predictor rows show the allocation per call (0 B/op apart from JMH's own fraction of a byte).
 * {@code -p units=64,128,256 -jvmArgsAppend -Dengram.kernels.gemvSplitMinFmas=999999999999}
 * measures the one-core GEMV against the two-core split per model size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PredictorBenchmark {
    /** The recurrent cell. */
    @Param({"lstm", "gru", "simple_rnn"})
    public String cell;

    /** Hidden units (W4: 128). */
    @Param({"128"})
    public int units;

    private Sequential model;
    private Predictor predictor;
    private Tensor x;
    private float[] y;

    /** Builds the model and its predictor. */
    @Setup
    public void setUp() {
        LayerConfig rnn = switch (cell) {
            case "lstm" -> Layers.lstm(units).inputShape(50, 8);
            case "gru" -> Layers.gru(units).withResetAfter(true).inputShape(50, 8);
            default -> Layers.simpleRnn(units).inputShape(50, 8);
        };
        model = Sequential.seeded(Workloads.SEED, rnn, Layers.dense(1));
        predictor = Predictor.of(model);
        x = Workloads.inputs(1, 50, 8);
        y = new float[predictor.outputSize()];
    }

    /** One sample through the Predictor (caller-owned output, no allocation). */
    @Benchmark
    public float[] predictor() {
        predictor.predict(x.buffer(), 1, y);
        return y;
    }

    /** The same sample through {@code model.predict} (allocates its result tensors). */
    @Benchmark
    public Tensor predict() {
        return model.predict(x);
    }
}
