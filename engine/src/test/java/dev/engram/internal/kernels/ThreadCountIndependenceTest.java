package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.engram.activations.Activations;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.SymbolicTensor;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Training and inference give the same bits on one kernel thread and on two: the kernels split work by
 * outputs (rows, samples, (sample, head) pairs) and sum every reduction in fixed slots, never in an
 * order that depends on how many threads took part. A model trained on a laptop and on a server, or
 * predicted under load (a busy pool runs the tasks on the caller), gives the same numbers. Batches are
 * large enough for every split to happen.
 */
class ThreadCountIndependenceTest {
    private final int initialThreads = KernelThreads.threads();

    @AfterEach
    void restoreThreads() {
        KernelThreads.setThreads(initialThreads);
    }

    @Test
    void aSequenceModelTrainsAndPredictsTheSameOnOneAndTwoThreads() {
        assertSameBits(() -> {
            ModelBuilder b = new ModelBuilder("sequence", 7);
            SymbolicTensor in = b.input("x", 12, 8);
            SymbolicTensor h = b.apply(Layers.lstm(32).withReturnSequences(true), in);
            h = b.apply(Layers.gru(24).withResetAfter(true).withReturnSequences(true), h);
            h = b.apply(Layers.multiHeadAttention(2, 8), h, h);
            h = b.apply(Layers.globalAveragePooling1d(), h);
            return b.build(in, b.apply(Layers.dense(3).withActivation(Activations.softmax()), h));
        }, Shape.of(96, 12, 8), 3);
    }

    @Test
    void aConvnetTrainsAndPredictsTheSameOnOneAndTwoThreads() {
        assertSameBits(() -> {
            ModelBuilder b = new ModelBuilder("convnet", 7);
            SymbolicTensor in = b.input("image", 28, 28, 1);
            SymbolicTensor h = b.apply(Layers.conv2d(8, 5).withActivation(Activations.relu()), in);
            h = b.apply(Layers.maxPooling2d(2, 2), h);
            h = b.apply(Layers.conv2d(16, 5).withActivation(Activations.relu()), h);
            h = b.apply(Layers.maxPooling2d(2, 2), h);
            h = b.apply(Layers.flatten(), h);
            return b.build(in, b.apply(Layers.dense(10).withActivation(Activations.softmax()), h));
        }, Shape.of(64, 28, 28, 1), 10);
    }

    private static void assertSameBits(Supplier<Model> build, Shape xShape, int classes) {
        Tensor x = random(xShape, 11);
        float[] y = new float[xShape.dim(0) * classes];
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < xShape.dim(0); i++) {
            y[i * classes + r.nextInt(classes)] = 1f;
        }
        Tensor labels = Tensor.wrap(Shape.of(xShape.dim(0), classes), y);
        List<float[]> one = trainAndPredict(build.get(), x, labels, 1);
        List<float[]> two = trainAndPredict(build.get(), x, labels, 2);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), 0f, i == 0 ? "predictions" : "parameter " + (i - 1));
        }
    }

    private static List<float[]> trainAndPredict(Model m, Tensor x, Tensor y, int threads) {
        KernelThreads.setThreads(threads);
        m.compile(Losses.categoricalCrossentropy(), Optimizers.adam(0.01));
        m.fit(x, y, FitOptions.epochs(2).withBatchSize(32).withShuffle(false).withVerbosity(Verbosity.SILENT));
        List<float[]> out = new ArrayList<>();
        out.add(m.predict(x).toArray());
        for (Parameter p : m.parameters()) {
            out.add(p.data().clone());
        }
        return out;
    }

    private static Tensor random(Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.wrap(shape, v);
    }
}
