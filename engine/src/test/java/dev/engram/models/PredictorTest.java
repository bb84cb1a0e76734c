package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.engram.activations.Activations;
import dev.engram.internal.kernels.Kernels;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Predictor} gives what {@code predict} gives, for every layer with an allocation-free path
 * and through the fallbacks, at several batch sizes, across threads, and allocates nothing per
 * call once warm.
 */
class PredictorTest {

    private static Tensor random(Shape shape, long seed) {
        Random r = new Random(seed);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextFloat() * 2 - 1) * 1.5f;
        }
        return Tensor.of(shape, v);
    }

    private static void assertSameAsPredict(Sequential m, Predictor p, int... batches) {
        for (int batch : batches) {
            Tensor x = random(p.inputShape().prepend(batch), batch * 31L);
            Tensor expected = m.predict(x);
            float[] out = new float[batch * p.outputSize()];
            p.predict(x.buffer(), batch, out);
            assertArrayEquals(expected.buffer(), out, 1e-6f, "batch " + batch);
            assertEquals(expected.shape(), p.predict(x).shape());
        }
    }

    @Test
    void lstmDenseMatchesPredictAndIsAllocationFree() {
        Sequential m = Sequential.seeded(5, Layers.lstm(32).inputShape(12, 3), Layers.dense(1));
        Predictor p = Predictor.of(m);
        assertTrue(p.isAllocationFree(), p.toString());
        assertEquals(Shape.of(12, 3), p.inputShape());
        assertEquals(Shape.of(1), p.outputShape());
        assertSameAsPredict(m, p, 1, 2, 7, 64);
    }

    @Test
    void everyLayerWithADirectPathTakesIt() {
        Sequential m = Sequential.seeded(9,
                Layers.gru(6).withResetAfter(true).withReturnSequences(true).inputShape(5, 4),
                Layers.gru(7).withReturnSequences(true),
                Layers.simpleRnn(5).withReturnSequences(true).withGoBackwards(true),
                Layers.lstm(6).withReturnSequences(true).withRecurrentActivation(Activations.sigmoid()),
                Layers.timeDistributed(Layers.dense(4).withActivation(Activations.relu())),
                Layers.dropout(0.5),
                Layers.flatten(),
                Layers.reshape(5, 4),
                Layers.activation(Activations.tanh()),
                Layers.flatten(),
                Layers.dense(3).withActivation(Activations.softmax()));
        Predictor p = Predictor.of(m);
        assertTrue(p.isAllocationFree(), p.toString());
        assertSameAsPredict(m, p, 1, 3, 10);
    }

    @Test
    void layersWithoutADirectPathAndMasksFallBackToPredict() {
        Sequential conv = Sequential.seeded(2, Layers.conv1d(4, 3).inputShape(9, 2), Layers.lstm(5), Layers.dense(2));
        Predictor pc = Predictor.of(conv);
        assertFalse(pc.isAllocationFree());
        assertSameAsPredict(conv, pc, 1, 4);

        Sequential masked = Sequential.seeded(3, Layers.embedding(10, 4).withMaskZero(true).inputShape(6),
                Layers.lstm(5), Layers.dense(1));
        Predictor pm = Predictor.of(masked);
        assertFalse(pm.isAllocationFree());
        Tensor ids = Tensor.of(Shape.of(2, 6), new float[] {3, 4, 5, 0, 0, 0, 1, 2, 3, 4, 5, 6});
        assertArrayEquals(masked.predict(ids).buffer(), pm.predict(ids).buffer(), 0f);
    }

    static Stream<LayerConfig<?>> bigRecurrentLayers() {
        return Stream.of(Layers.lstm(256).inputShape(40, 2), Layers.gru(256).withResetAfter(true).inputShape(40, 2),
                Layers.gru(256).inputShape(40, 2), Layers.simpleRnn(512).inputShape(40, 2));
    }

    /**
     * 110 samples x 40 steps: split over the kernel threads (each runs its share of the batch),
     * and, up front, beyond the 4M-float projection kept per thread, so sliced as well.
     */
    @ParameterizedTest
    @MethodSource("bigRecurrentLayers")
    void bigBatchesSplitOverThreadsAndSlicesGiveTheSameResult(LayerConfig<?> recurrent) {
        Sequential m = Sequential.seeded(4, recurrent, Layers.dense(2));
        Predictor p = Predictor.of(m);
        Tensor x = random(Shape.of(110, 40, 2), 1);
        float[] all = new float[110 * 2];
        p.predict(x.buffer(), 110, all);
        for (int b : new int[] {0, 54, 55, 57, 81, 109}) {
            float[] one = p.predict(x.slice(b, b + 1)).buffer();
            assertEquals(one[0], all[2 * b], 1e-5f, "sample " + b);
            assertEquals(one[1], all[2 * b + 1], 1e-5f, "sample " + b);
        }
    }

    @Test
    void unknownTimestepsTakeTheShapeGiven() {
        Sequential m = Sequential.seeded(6, Layers.lstm(4).inputShape(Shape.UNKNOWN, 2), Layers.dense(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(m));
        assertTrue(e.getMessage().contains("fully known"), e.getMessage());
        Predictor p = Predictor.of(m, Shape.of(7, 2));
        assertSameAsPredict(m, p, 1, 5);
    }

    @Test
    void threadsShareAPredictor() throws Exception {
        Sequential m = Sequential.seeded(8, Layers.lstm(16).inputShape(10, 3), Layers.dense(2));
        Predictor p = Predictor.of(m);
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Tensor x = random(Shape.of(1 + i, 10, 3), 100 + i);
            inputs.add(x);
            expected.add(m.predict(x).buffer());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        int j = (k + rep) % 8;
                        float[] out = new float[(1 + j) * 2];
                        p.predict(inputs.get(j).buffer(), 1 + j, out);
                        assertArrayEquals(expected.get(j), out, 0f, "thread " + k + " input " + j);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static Stream<LayerConfig<?>> recurrentCells() {
        // The W4 LSTM (128 units) takes the batch-1 path that splits each step's units over two cores;
        // GRU(128) and SimpleRNN(256) steps are one-row products timed on two cores and on one.
        return Stream.of(Layers.lstm(24).inputShape(20, 4), Layers.gru(24).withResetAfter(true).inputShape(20, 4),
                Layers.gru(24).inputShape(20, 4), Layers.simpleRnn(24).inputShape(20, 4),
                Layers.lstm(128).inputShape(20, 4), Layers.gru(128).withResetAfter(true).inputShape(20, 4),
                Layers.simpleRnn(256).inputShape(20, 4));
    }

    @ParameterizedTest
    @MethodSource("recurrentCells")
    void aWarmPredictorAllocatesNothingPerCall(LayerConfig<?> cell) {
        Sequential m = Sequential.seeded(1, cell, Layers.dense(1));
        Predictor p = Predictor.of(m);
        float[] x = random(Shape.of(1, 20, 4), 2).buffer();
        assertEquals(0, warmAllocation(p, x, new float[1]),
                "bytes allocated by 200 warm predictions (" + Kernels.get().name() + " kernels)");
    }

    @Test
    void errorsNameTheProblem() {
        Sequential m = Sequential.seeded(1, Layers.lstm(4).inputShape(5, 2), Layers.dense(3));
        Predictor p = Predictor.of(m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.predict(new float[10], 2, new float[6]));
        assertEquals("a batch of 2 samples of shape [5, 2] -> [3] needs 20 input and 6 output floats; "
                + "got arrays of 10 and 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.predict(Tensor.zeros(Shape.of(1, 5, 3))));
        assertTrue(e.getMessage().contains("[null, 5, 2]") && e.getMessage().contains("[1, 5, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(m, Shape.of(5, 3)));
        assertTrue(e.getMessage().contains("[5, 3]"), e.getMessage());

        ModelBuilder b = new ModelBuilder("functional", 1);
        SymbolicTensor in = b.input("in", 3);
        SymbolicTensor in2 = b.input("in2", 2);
        Model f = b.build(List.of(in, in2), List.of(b.apply(Layers.dense(1), in), b.apply(Layers.dense(2), in2)));
        Predictor fp = Predictor.of(f);
        e = assertThrows(IllegalArgumentException.class, () -> fp.predict(new float[3], 1, new float[1]));
        assertTrue(e.getMessage().contains("predict(float[][], int, float[][])"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> fp.predict(new float[][] {new float[3], new float[1]}, 1, new float[][] {new float[1], new float[2]}));
        assertTrue(e.getMessage().contains("input 1 shape [2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(f, List.of(Shape.of(3))));
        assertTrue(e.getMessage().contains("takes 2 inputs"), e.getMessage());
    }

    @Test
    void functionalModelsPredictWhatPredictGives() {
        // Two inputs, two outputs, a merge, a shared layer used twice, an LSTM.
        Model m = FunctionalModelTest.twoByTwo(3);
        Predictor p = Predictor.of(m);
        assertEquals(2, p.inputCount());
        assertEquals(2, p.outputCount());
        assertEquals(Shape.of(3), p.outputShape(1));
        assertFalse(p.isAllocationFree(), "concatenate and add take the allocating path");
        for (int batch : new int[] {1, 3, 17}) {
            Tensor seq = random(p.inputShape(0).prepend(batch), 40 + batch);
            Tensor stat = random(p.inputShape(1).prepend(batch), 50 + batch);
            List<Tensor> want = m.predict(List.of(seq, stat));
            float[][] out = {new float[batch], new float[batch * 3]};
            p.predict(new float[][] {seq.buffer(), stat.buffer()}, batch, out);
            assertArrayEquals(want.get(0).buffer(), out[0], 0f, "value, batch " + batch);
            assertArrayEquals(want.get(1).buffer(), out[1], 0f, "classes, batch " + batch);
        }
    }

    @Test
    void aFunctionalChainIsAllocationFree() {
        ModelBuilder b = new ModelBuilder("chain", 5);
        SymbolicTensor in = b.input("x", 20, 4);
        SymbolicTensor h = b.apply(Layers.gru(12).withResetAfter(true).withReturnSequences(true), in);
        SymbolicTensor out = b.apply(Layers.dense(2), b.apply(Layers.simpleRnn(8), h));
        Model m = b.build(in, out);
        Predictor p = Predictor.of(m);
        assertTrue(p.isAllocationFree());
        float[] x = random(Shape.of(1, 20, 4), 6).buffer();
        float[] y = new float[2];
        p.predict(x, 1, y);
        assertArrayEquals(m.predict(Tensor.wrap(Shape.of(1, 20, 4), x)).buffer(), y, 0f);
        assertEquals(0, warmAllocation(p, x, y), "bytes allocated by 200 warm predictions");
    }

    private static long warmAllocation(Predictor p, float[] x, float[] y) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int warmUp = Kernels.get().name().equals("scalar") ? 50 : 20_000;
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5 && least > 0; round++) {
            for (int i = 0; i < warmUp; i++) {
                p.predict(x, 1, y);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                p.predict(x, 1, y);
            }
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
