package dev.engram.bench.jmh;

import dev.engram.activations.Activations;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.Layer;
import dev.engram.layers.Layers;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Conv2D layer (few filters: the register-blocked tiles of {@code SmallFilterConv}, reading the
 * input in place) at the sizes of the TF.js MNIST convnet, batch 64:
 * {@code 28x28x1 -> 5x5x8} and {@code 12x12x8 -> 5x5x16}, valid padding, relu. {@code forward} is
 * inference ({@code call}), {@code trainStep} a training forward pass plus the backward pass (kernel,
 * bias and input gradients). The auxiliary counter {@code flop} counts the multiply-adds of the
 * convolution GEMMs (2 per multiply-add; forward {@code 2·B·outH·outW·kh·kw·C·F}, backward twice that),
 * so JMH's rate of {@code flop} is the FLOP/s (divide by 1e9 for GFLOP/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class Conv2DBenchmark {
    /** batch x height x width x channels x kernel x filters. */
    @Param({"64x28x28x1x5x8", "64x12x12x8x5x16"})
    public String size;

    private Layer layer;
    private Tensor x;
    private Tensor dy;
    private long forwardFlop;

    /** Counts floating-point operations, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flop {
        /** Floating-point operations done so far in this iteration. */
        public long flop;

        /** Starts each iteration at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            flop = 0;
        }
    }

    /** The layer with random weights and a random input batch and output gradient. */
    @Setup
    public void setUp() {
        String[] p = size.split("x");
        int batch = Integer.parseInt(p[0]);
        int h = Integer.parseInt(p[1]);
        int w = Integer.parseInt(p[2]);
        int c = Integer.parseInt(p[3]);
        int k = Integer.parseInt(p[4]);
        int f = Integer.parseInt(p[5]);
        layer = Layers.conv2d(f, k).withActivation(Activations.relu()).create("conv");
        Shape out = layer.build(Shape.of(h, w, c), new SplittableRandom(1));
        Random rnd = new Random(3);
        x = Tensor.wrap(Shape.of(batch, h, w, c), fill(rnd, batch * h * w * c));
        dy = Tensor.wrap(out.prepend(batch), fill(rnd, batch * out.size()));
        forwardFlop = 2L * batch * out.dim(0) * out.dim(1) * k * k * c * f;
    }

    private static float[] fill(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** Inference on the batch. */
    @Benchmark
    public Tensor forward(Flop counter) {
        counter.flop += forwardFlop;
        return layer.call(x);
    }

    /** Training forward pass and backward pass on the batch. */
    @Benchmark
    public Tensor trainStep(Flop counter) {
        counter.flop += 3 * forwardFlop;
        ForwardPass pass = layer.forward(x, new TrainingContext(new SplittableRandom(1)));
        return pass.backward(dy);
    }
}
