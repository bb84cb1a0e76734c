package dev.engram.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.Callback;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.NonFiniteLossException;
import dev.engram.models.Progress;
import dev.engram.models.ProgressEvent;
import dev.engram.models.Sequential;
import dev.engram.models.TrainingSession;
import dev.engram.models.TrainingStateFile;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keras callbacks: hook order, logs, and each callback's rule. */
class CallbacksTest {
    private static final Tensor X = Tensor.wrap(Shape.of(20, 3), ramp(60));
    private static final Tensor Y = Tensor.wrap(Shape.of(20, 1), ramp(20));

    @TempDir
    Path dir;

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.sin(0.7 * i + 0.3);
        }
        return a;
    }

    private static Sequential model(double lr) {
        Sequential m = Sequential.seeded(5, Layers.dense(4).inputShape(3), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(lr));
        return m;
    }

    private static FitOptions opts(int epochs) {
        return FitOptions.epochs(epochs).withBatchSize(8).withSeed(2).withValidationSplit(0.25)
                .withVerbosity(Verbosity.SILENT);
    }

    @Test
    void hooksRunInKerasOrderAndEpochLogsReachTheHistoryAfterCallbacks() {
        List<String> calls = new ArrayList<>();
        LambdaCallback trace = LambdaCallback.create()
                .onTrainBegin(s -> calls.add("trainBegin"))
                .onEpochBegin((s, e) -> calls.add("epochBegin " + e))
                .onBatchBegin((s, e, b) -> calls.add("batchBegin " + e + "." + b))
                .onBatchEnd((s, e, b, logs) -> calls.add("batchEnd " + e + "." + b + " " + logs.keySet()))
                .onEpochEnd((s, e, logs) -> {
                    calls.add("epochEnd " + e + " " + logs.keySet());
                    logs.put("extra", 1.0 + e);
                })
                .onTrainEnd(s -> calls.add("trainEnd"));
        History h = model(0.01).fit(X, Y, opts(2).withCallbacks(trace));
        assertEquals(List.of("trainBegin",
                "epochBegin 0", "batchBegin 0.0", "batchEnd 0.0 [loss]", "batchBegin 0.1", "batchEnd 0.1 [loss]",
                "epochEnd 0 [loss, val_loss]",
                "epochBegin 1", "batchBegin 1.0", "batchEnd 1.0 [loss]", "batchBegin 1.1", "batchEnd 1.1 [loss]",
                "epochEnd 1 [loss, val_loss]", "trainEnd"), calls);
        assertEquals(List.of(1.0, 2.0), h.get("extra"));
    }

    @Test
    void modelCheckpointSavesBestOnlyWithKerasFileNames() throws IOException {
        // A rate that makes the loss diverge after a few epochs: only improvements are saved.
        List<Double> valLosses = new ArrayList<>();
        ModelCheckpoint best = ModelCheckpoint.to(dir.resolve("m-{epoch:02d}-{val_loss:.3f}.state").toString())
                .withSaveBestOnly(true);
        History h = model(0.3).fit(X, Y, opts(8).withCallbacks(best));
        valLosses.addAll(h.get("val_loss"));
        double min = Double.POSITIVE_INFINITY;
        int expectedSaves = 0;
        Path expectedLast = null;
        for (int e = 0; e < valLosses.size(); e++) {
            if (valLosses.get(e) < min) {
                min = valLosses.get(e);
                expectedSaves++;
                expectedLast = dir.resolve(String.format(java.util.Locale.ROOT, "m-%02d-%.3f.state", e + 1, min));
            }
        }
        assertEquals(expectedSaves, best.saves());
        assertEquals(expectedLast, best.lastSaved());
        assertTrue(Files.exists(expectedLast));
        try (var files = Files.list(dir)) {
            assertEquals(expectedSaves, files.count(), "no temporary files are left behind");
        }
        assertEquals(min, best.best());
        assertEquals(TrainingStateFile.read(expectedLast).epoch(), Integer.parseInt(
                expectedLast.getFileName().toString().substring(2, 4)));
    }

    @Test
    void modelCheckpointEveryNBatchesAndEveryNEpochs() {
        List<String> saved = new ArrayList<>();
        CheckpointSaver recorder = (m, state, path) -> {
            saved.add(path.getFileName().toString().replaceFirst("^\\.tmp-\\d+-", "") + "@" + state.epoch()
                    + "." + state.batch());
            Files.writeString(path, "x");
        };
        model(0.01).fit(X, Y, opts(3).withCallbacks(
                ModelCheckpoint.to(dir.resolve("b{epoch}-{batch}").toString(), recorder).withSaveEveryBatches(4),
                ModelCheckpoint.to(dir.resolve("e{epoch}").toString(), recorder).withSaveEveryEpochs(2)));
        // 2 batches per epoch: every 4th batch is batch 2 of epochs 2 and 4 (1-based); epoch saves at epoch 2.
        assertEquals(List.of("b2-2@1.2", "e2@2.0"), saved);
    }

    @Test
    void modelCheckpointNamesAMissingMonitor() {
        ModelCheckpoint c = ModelCheckpoint.to(dir.resolve("m").toString()).monitoring("val_auc")
                .withSaveBestOnly(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model(0.01).fit(X, Y, opts(1).withCallbacks(c)));
        assertEquals("ModelCheckpoint monitors 'val_auc' but the logs hold only [loss, val_loss]", e.getMessage());
    }

    @Test
    void csvLoggerWritesKerasLayoutAndAppendsOnResume() throws IOException {
        Path csv = dir.resolve("log.csv");
        History h = model(0.01).fit(X, Y, opts(2).withCallbacks(CsvLogger.to(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,val_loss", lines.get(0));
        assertEquals("1," + History.formatValue(h.get("loss").get(1)) + "," + History.formatValue(h.get("val_loss")
                .get(1)), lines.get(2));
        model(0.01).fit(X, Y, opts(1).withCallbacks(CsvLogger.to(csv).withAppend(true)));
        assertEquals(4, Files.readAllLines(csv).size(), "appending writes no second header");
        assertEquals(h.toCsv(), String.join("\n", lines) + "\n");
    }

    @Test
    void reduceLrOnPlateauFollowsKerasPatienceAndCooldown() {
        // A monitored value that never improves after epoch 0, patience 2, cooldown 1: reductions at
        // epochs 2, 4 and 6 (0-based). Keras decrements the cooldown counter before its second cooldown
        // test, so the cooldown epoch already counts towards the next wait; minLr stops the fourth.
        List<Double> rates = new ArrayList<>();
        ReduceLrOnPlateau plateau = ReduceLrOnPlateau.monitoring("constant").withPatience(2).withCooldown(1)
                .withFactor(0.5).withMinLr(0.01);
        Callback constant = new Callback() {
            @Override
            public void onEpochEnd(TrainingSession s, int epoch, Map<String, Double> logs) {
                logs.put("constant", 1.0);
            }
        };
        History h = model(0.08).fit(X, Y, opts(10).withCallbacks(constant, plateau,
                LambdaCallback.create().onEpochEnd((s, e, logs) -> rates.add(s.optimizer().learningRate()))));
        assertEquals(List.of(0.08, 0.08, 0.04, 0.04, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01), rates);
        assertEquals(List.of(0.08, 0.08, 0.08, 0.04, 0.04, 0.02, 0.02, 0.01, 0.01, 0.01), h.get("learning_rate"));
    }

    @Test
    void learningRateSchedulerSetsTheRateEachEpoch() {
        List<Double> seen = new ArrayList<>();
        History h = model(0.1).fit(X, Y, opts(3).withCallbacks(
                LearningRateScheduler.of((epoch, lr) -> epoch == 0 ? lr : lr / 2),
                LambdaCallback.create().onBatchEnd((s, e, b, l) -> seen.add(s.optimizer().learningRate()))));
        assertEquals(List.of(0.1, 0.05, 0.025), h.get("learning_rate"));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025, 0.025), seen);
    }

    @Test
    void terminateOnNanStopsWithFiniteWeightsWhereFitWouldThrow() {
        Tensor bad = Tensor.wrap(Shape.of(20, 1), ramp(20));
        bad.buffer()[9] = Float.NaN; // second batch of the first epoch
        assertThrows(NonFiniteLossException.class, () -> model(0.01).fit(X, bad, opts(3)));
        TerminateOnNan stop = new TerminateOnNan();
        Sequential m = model(0.01);
        History h = m.fit(X, bad, opts(3).withCallbacks(stop));
        assertEquals(0, stop.stoppedEpoch());
        assertEquals(1, stop.stoppedBatch());
        assertEquals(1, h.epochs());
        assertTrue(Double.isNaN(h.get("loss").get(0)));
        for (Tensor w : m.getWeights()) {
            for (float v : w.buffer()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void progressGoesToAnySink() {
        List<String> lines = new ArrayList<>();
        List<ProgressEvent> events = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model(0.01).fit(X, Y, FitOptions.epochs(2).withBatchSize(8).withValidationSplit(0.25).withCallbacks(
                Progress.lines(lines::add), Progress.listener(events::add),
                Progress.bar(new PrintStream(bytes, true, StandardCharsets.UTF_8))));
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).matches("Epoch 2/2 - \\d+ms - \\d+ samples/s - loss: \\S+ - val_loss: \\S+"),
                lines.get(1));
        ProgressEvent last = events.get(events.size() - 1);
        assertTrue(last.epochEnd());
        assertEquals(15, last.samples());
        ProgressEvent batchEnd = events.stream().filter(e -> !e.epochEnd()).reduce((a, b) -> b).orElseThrow();
        assertEquals(2, batchEnd.batch());
        assertEquals(0, batchEnd.etaSeconds());
        String bar = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(bar.contains("2/2 [==============================] - ETA: 0s - "), bar);
        assertTrue(bar.contains(" samples/s - loss: "), bar);
    }

    @Test
    void statefulMetricsAreEpochWideAndMonitorableByModelCheckpoint() {
        Sequential m = Sequential.seeded(5, Layers.dense(4).inputShape(3),
                Layers.dense(1).withActivation(dev.engram.activations.Activations.sigmoid()));
        m.compile(Losses.binaryCrossentropy(), Optimizers.sgd(0.5), dev.engram.models.Metrics.auc(),
                dev.engram.models.Metrics.precision(), dev.engram.models.Metrics.rootMeanSquaredError());
        float[] labels = new float[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = X.buffer()[3 * i] > 0 ? 1 : 0;
        }
        Tensor y = Tensor.wrap(Shape.of(20, 1), labels);
        ModelCheckpoint best = ModelCheckpoint.to(dir.resolve("best.state").toString()).monitoring("val_auc")
                .withSaveBestOnly(true);
        History h = m.fit(X, y, opts(6).withCallbacks(best));
        assertEquals(List.of("loss", "auc", "precision", "root_mean_squared_error", "val_loss", "val_auc",
                "val_precision", "val_root_mean_squared_error"), List.copyOf(h.keys()));
        double max = h.get("val_auc").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(max, best.best(), "AUC is maximised in auto mode");
        // The epoch value is the metric over all the epoch's rows, not a mean of batch values.
        Map<String, Double> eval = m.evaluate(X.slice(0, 15), y.slice(0, 15));
        assertEquals(dev.engram.models.Metrics.auc().compute(y.slice(0, 15), m.predict(X.slice(0, 15))),
                eval.get("auc"), 1e-12);
    }

    @Test
    void sampleAndClassWeightsWeighTheLoss() {
        Tensor labels = Tensor.wrap(Shape.of(20, 1), ramp(20));
        for (int i = 0; i < 20; i++) {
            labels.buffer()[i] = labels.buffer()[i] > 0 ? 1 : 0;
        }
        float[] w = new float[20];
        for (int i = 0; i < 20; i++) {
            w[i] = labels.buffer()[i] == 1 ? 3f : 0.5f;
        }
        Sequential a = model(0.05);
        a.fit(X, labels, opts(2).withSampleWeight(Tensor.wrap(Shape.of(20), w)));
        Sequential b = model(0.05);
        b.fit(X, labels, opts(2).withClassWeight(Map.of(0, 0.5, 1, 3.0)));
        Sequential c = model(0.05);
        c.fit(X, labels, opts(2));
        assertEquals(a.getWeights().get(0), b.getWeights().get(0), "class weights are per-class sample weights");
        assertTrue(!a.getWeights().get(0).equals(c.getWeights().get(0)), "weights change the training");
        float[] ones = new float[20];
        java.util.Arrays.fill(ones, 1f);
        Sequential d = model(0.05);
        d.fit(X, labels, opts(2).withSampleWeight(Tensor.wrap(Shape.of(20), ones)));
        assertEquals(c.getWeights().get(0), d.getWeights().get(0), "unit weights change nothing");
        double weighted = c.evaluate(X, labels, Tensor.wrap(Shape.of(20), w)).get("loss");
        double expected = 0;
        Tensor p = c.predict(X);
        for (int i = 0; i < 20; i++) {
            double diff = p.buffer()[i] - labels.buffer()[i];
            expected += w[i] * diff * diff;
        }
        assertEquals(expected / 20, weighted, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> opts(1).withClassWeight(Map.of(0, 1.0))
                .withSampleWeight(Tensor.wrap(Shape.of(20), ones)));
    }

    @Test
    void historyExportsCsvAndJsonAndReadsCsvBack() throws IOException {
        History h = new History();
        h.record(Map.of("loss", 0.5));
        h.record(Map.of("loss", 1.5e-5, "val_loss", 123456.0));
        assertEquals("epoch,loss,val_loss\n0,0.5,nan\n1,1.5e-05,123456.0\n", h.toCsv());
        assertEquals("{\"loss\": [0.5, 1.5e-05], \"val_loss\": [NaN, 123456.0]}", h.toJson());
        Path csv = dir.resolve("h.csv");
        h.save(csv);
        History back = History.readCsv(csv);
        assertEquals(h.get("loss"), back.get("loss"));
        assertEquals(2, back.epochs());
        assertEquals("1e+16", History.formatValue(1e16));
        assertEquals("0.0001", History.formatValue(1e-4));
    }
}
