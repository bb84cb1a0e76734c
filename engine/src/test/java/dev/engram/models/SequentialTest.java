package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Behaviour of Sequential: building, errors that name the problem, fit options, and thread safety. */
class SequentialTest {

    private static Sequential tutorialModel() {
        Sequential m = Sequential.seeded(7, Layers.lstm(16).inputShape(1, 1), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam());
        return m;
    }

    private static Tensor series(int n, int steps, int features, long seed) {
        return Tensor.wrap(Shape.of(n, steps, features), Numeric.randomFloats(n * steps * features, seed, 1));
    }

    @Test
    void tutorialsTwoDimensionalInputIsRejectedWithTheExpectedShape() {
        Sequential m = tutorialModel();
        Tensor xs = Tensor.of(new float[][] {{1}, {2}});
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, () -> m.predict(xs));
        assertEquals("Layer 'lstm' input 0: expected shape [null, 1, 1] [batch, timesteps, features] with features = 1"
                + " (recurrent layers take rank-3 input), found shape [2, 1]", e.getMessage());
        assertThrows(IncompatibleShapeException.class, () -> m.fit(xs, Tensor.of(new float[][] {{1}, {2}}),
                FitOptions.epochs(1).withVerbosity(Verbosity.SILENT)));
    }

    @Test
    void wrongFeatureCountNamesTheLayerAndBothShapes() {
        Sequential m = tutorialModel();
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> m.predict(series(2, 1, 3, 1)));
        assertTrue(e.getMessage().contains("'lstm'") && e.getMessage().contains("[null, 1, 1]")
                && e.getMessage().contains("[2, 1, 3]"), e.getMessage());
        assertEquals("lstm", e.layerName());
    }

    @Test
    void batchMismatchBetweenXAndYIsReported() {
        Sequential m = tutorialModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(series(3, 1, 1, 1), Tensor.of(new float[][] {{1}, {2}}), FitOptions.epochs(1)));
        assertEquals("fit on model 'sequential': x has 3 samples (shape [3, 1, 1]) but y has 2 (shape [2, 1]);"
                + " the first axis is the batch", e.getMessage());
    }

    @Test
    void targetsOfTheWrongShapeAreReported() {
        Sequential m = tutorialModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(series(2, 1, 1, 1), Tensor.of(new float[][] {{1, 2, 3}, {2, 3, 4}}), FitOptions.epochs(1)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[null, 1]"), e.getMessage());
    }

    @Test
    void fitBeforeCompileSaysWhatToDo() {
        Sequential m = Sequential.of(Layers.dense(1).inputShape(2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(Tensor.of(new float[][] {{1, 2}}), Tensor.of(new float[][] {{1}}), FitOptions.epochs(1)));
        assertEquals("model 'sequential' must be compiled before fit: call compile(loss, optimizer)", e.getMessage());
    }

    @Test
    void nanLossStopsWithEpochAndBatch() {
        Sequential m = Sequential.seeded(1, Layers.dense(1).inputShape(1));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        float[] x = new float[8];
        x[5] = Float.NaN;
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> m.fit(
                Tensor.wrap(Shape.of(8, 1), x), Tensor.zeros(Shape.of(8, 1)),
                FitOptions.epochs(3).withBatchSize(2).withShuffle(false).withVerbosity(Verbosity.SILENT)));
        assertEquals(0, e.epoch());
        assertEquals(2, e.batch());
        assertTrue(e.getMessage().startsWith("loss became NaN at epoch 1/3, batch 3/4"), e.getMessage());
    }

    @Test
    void returnStateIsRejectedInSequential() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(Layers.lstm(4).withReturnState(true).inputShape(3, 2)));
        assertTrue(e.getMessage().contains("returnState"), e.getMessage());
    }

    @Test
    void deferredBuildTakesTheShapeOfTheFirstBatch() {
        Sequential m = Sequential.of(Layers.lstm(3), Layers.dense(2));
        assertEquals(null, m.inputShape());
        Tensor y = m.predict(series(4, 5, 2, 3));
        assertEquals(Shape.of(4, 2), y.shape());
        assertEquals(Shape.of(5, 2), m.inputShape());
    }

    @Test
    void summaryListsLayersShapesAndParameterCounts() {
        String s = tutorialModel().summary();
        assertTrue(s.contains("lstm (Lstm)") && s.contains("[null, 16]") && s.contains("1152"), s);
        assertTrue(s.contains("dense (Dense)") && s.contains("17"), s);
        assertTrue(s.contains("Total params: 1169"), s);
        assertEquals(1169, tutorialModel().countParams());
    }

    @Test
    void seededModelsAndSeededFitsAreReproducible() {
        Tensor x = series(20, 4, 2, 5);
        Tensor y = Tensor.wrap(Shape.of(20, 1), Numeric.randomFloats(20, 6, 1));
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            Sequential m = Sequential.seeded(3, Layers.lstm(5).inputShape(4, 2), Layers.dropout(0.3), Layers.dense(1));
            m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01));
            m.fit(x, y, FitOptions.epochs(3).withBatchSize(6).withSeed(9).withVerbosity(Verbosity.SILENT));
            results[run] = m.predict(x).toArray();
        }
        assertArrayEquals(results[0], results[1]);
        Sequential other = Sequential.seeded(4, Layers.lstm(5).inputShape(4, 2), Layers.dense(1));
        assertNotEquals(other.getWeights().get(0),
                Sequential.seeded(3, Layers.lstm(5).inputShape(4, 2), Layers.dense(1)).getWeights().get(0));
    }

    @Test
    void validationSplitHoldsOutTheLastRowsAndReportsValLoss() {
        Tensor x = series(10, 3, 1, 11);
        Tensor y = Tensor.wrap(Shape.of(10, 1), Numeric.randomFloats(10, 12, 1));
        Sequential m = Sequential.seeded(2, Layers.lstm(4).inputShape(3, 1), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01), Metrics.meanAbsoluteError());
        History h = m.fit(x, y, FitOptions.epochs(1).withValidationSplit(0.3).withVerbosity(Verbosity.SILENT));
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), new ArrayList<>(h.keys()));
        Tensor valX = x.slice(7, 10);
        Tensor valY = y.slice(7, 10);
        assertEquals(m.evaluate(valX, valY).get("loss"), h.get("val_loss").get(0), 1e-7);
        assertEquals(m.evaluate(valX, valY).get("mae"), h.get("val_mae").get(0), 1e-7);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Tensor x = Tensor.wrap(Shape.of(16, 2), Numeric.randomFloats(32, 21, 1));
        Tensor y = Tensor.wrap(Shape.of(16, 1), Numeric.randomFloats(16, 22, 1));
        Sequential m = Sequential.seeded(2, Layers.dense(8).inputShape(2), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(5.0)); // diverging on purpose
        List<List<Tensor>> weights = new ArrayList<>();
        Callback snapshot = new Callback() {
            @Override
            public void onEpochEnd(TrainingSession s, int epoch, java.util.Map<String, Double> logs) {
                weights.add(s.weights());
            }
        };
        EarlyStopping stop = EarlyStopping.monitoring("loss").withPatience(1).withRestoreBestWeights(true);
        History h;
        try {
            h = m.fit(x, y, FitOptions.epochs(50).withShuffle(false)
                    .withVerbosity(Verbosity.SILENT).withCallbacks(snapshot, stop));
        } catch (NonFiniteLossException e) {
            throw new AssertionError("early stopping should have stopped before NaN", e);
        }
        assertTrue(h.epochs() < 50, "stopped early");
        assertEquals(h.epochs() - 1, stop.stoppedEpoch());
        List<Double> losses = h.get("loss");
        int best = stop.bestEpoch();
        for (double l : losses) {
            assertTrue(losses.get(best) <= l);
        }
        assertEquals(weights.get(best), m.getWeights());
    }

    @Test
    void predictIsSafeFromManyThreads() throws Exception {
        Sequential m = Sequential.seeded(5, Layers.lstm(32).withReturnSequences(true).inputShape(12, 3),
                Layers.lstm(16), Layers.dense(4));
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Tensor x = series(1 + i % 5, 12, 3, 100 + i);
            inputs.add(x);
            expected.add(m.predict(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int offset = t;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        int i = (rep + offset) % inputs.size();
                        if (!m.predict(inputs.get(i)).equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void chunkedPredictEqualsWholePredict() {
        Sequential m = Sequential.seeded(5, Layers.lstm(6).inputShape(4, 2), Layers.dense(3));
        Tensor x = series(23, 4, 2, 8);
        Numeric.assertClose("chunked", m.predict(x).toArray(), m.predict(x, 5).toArray(), 1e-6, 1e-7);
    }

    @Test
    void setWeightsChecksCountAndShapes() {
        Sequential m = tutorialModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.setWeights(m.getWeights().subList(0, 4)));
        assertTrue(e.getMessage().contains("has 5 weights") && e.getMessage().contains("but 4 were given"), e.getMessage());
        List<Tensor> w = new ArrayList<>(m.getWeights());
        w.set(0, Tensor.zeros(Shape.of(2, 64)));
        e = assertThrows(IllegalArgumentException.class, () -> m.setWeights(w));
        assertEquals("parameter 'lstm/kernel' has shape [1, 64] but the value given has shape [2, 64]", e.getMessage());
    }

    @Test
    void tutorialLearnsTheIdentityOnTwoPoints() {
        Sequential m = tutorialModel();
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.05));
        Tensor xs = Tensor.of(new float[][][] {{{1}}, {{2}}});
        Tensor ys = Tensor.of(new float[][] {{1}, {2}});
        History h = m.fit(xs, ys, FitOptions.epochs(100).withVerbosity(Verbosity.SILENT).withSeed(1));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 10, "loss fell: " + loss.get(0) + " -> " + loss.get(loss.size() - 1));
    }
}
