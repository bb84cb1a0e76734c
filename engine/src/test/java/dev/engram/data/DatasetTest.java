package dev.engram.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset sources and operations, and fit/evaluate/predict on datasets. */
class DatasetTest {
    @TempDir
    Path dir;

    private static Dataset<Integer> range(int n) {
        return Datasets.fromIterable(IntStream.range(0, n).boxed().toList());
    }

    @Test
    void takeSkipRepeatMapFilterCompose() {
        assertEquals(List.of(2, 3, 4), range(10).skip(2).take(3).toList());
        assertEquals(List.of(0, 1, 0, 1, 0, 1), range(2).repeat(3).toList());
        assertEquals(List.of(0, 1, 0, 1, 0), range(2).repeat().take(5).toList());
        assertEquals(List.of(), range(0).repeat().toList(), "an empty source repeated stays empty");
        assertEquals(List.of(0, 20, 40), range(5).filter(i -> i % 2 == 0).map(i -> i * 10).toList());
    }

    @Test
    void shuffleIsAPermutationThroughABoundedBuffer() {
        Dataset<Integer> s = range(100).shuffle(10, 7);
        List<Integer> first = s.toList();
        List<Integer> second = s.toList();
        assertEquals(IntStream.range(0, 100).boxed().toList(), first.stream().sorted().toList());
        assertNotEquals(first, second, "each iteration reshuffles");
        assertEquals(first, range(100).shuffle(10, 7).toList(), "the same seed gives the same order");
        // A buffer of 10 can only move an element forward by up to 9 places (tf.data's semantics).
        for (int i = 0; i < first.size(); i++) {
            assertTrue(first.get(i) <= i + 9, "element " + first.get(i) + " at " + i);
        }
        assertEquals(IntStream.range(0, 20).boxed().toList(), range(20).shuffle(1, 3).toList());
    }

    @Test
    void prefetchDeliversEverythingAndSurfacesErrors() {
        assertEquals(IntStream.range(0, 1000).boxed().toList(), range(1000).prefetch(4).toList());
        Dataset<Integer> failing = range(10).map(i -> {
            if (i == 6) {
                throw new IllegalStateException("bad row 6");
            }
            return i;
        }).prefetch(2);
        List<Integer> seen = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (DataIterator<Integer> it = failing.iterator()) {
                it.forEachRemaining(seen::add);
            }
        });
        assertEquals("bad row 6", e.getMessage());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
        // Closing early stops the reader thread of an endless source.
        try (DataIterator<Integer> it = range(3).repeat().prefetch(2).iterator()) {
            assertEquals(0, it.next());
        }
    }

    @Test
    void batchStacksSamplesAndKeepsOrDropsTheRemainder() {
        Tensor x = Tensor.wrap(Shape.of(5, 2), new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor y = Tensor.wrap(Shape.of(5, 1), new float[] {10, 11, 12, 13, 14});
        List<Sample> batches = Datasets.fromTensors(x, y).batch(2).toList();
        assertEquals(3, batches.size());
        assertEquals(Shape.of(2, 2), batches.get(0).x().get(0).shape());
        assertArrayEquals(new float[] {4, 5, 6, 7}, batches.get(1).x().get(0).buffer());
        assertArrayEquals(new float[] {14}, batches.get(2).y().get(0).buffer());
        assertEquals(2, Datasets.fromTensors(x, y).batch(2, true).toList().size());
        assertThrows(IllegalStateException.class, () -> range(3).batch(2).toList());
    }

    @Test
    void timeseriesWindowsFollowKerasIndexing() {
        // Keras: num_seqs = end - start - (len - 1) * rate = 9 - 1 - 4 = 4, starts 0 and 2 (stride 2);
        // window i = data[start + p_i + k * rate], target = targets[start + p_i].
        float[] v = new float[10];
        for (int i = 0; i < 10; i++) {
            v[i] = i;
        }
        Tensor data = Tensor.wrap(Shape.of(10, 1), v);
        Tensor targets = Tensor.wrap(Shape.of(10), v.clone());
        List<Sample> windows = Datasets.timeseriesWindows(data, targets, 3, TimeseriesOptions.defaults()
                .withSequenceStride(2).withSamplingRate(2).withRange(1, 9).withBatchSize(0)).toList();
        assertEquals(2, windows.size());
        assertArrayEquals(new float[] {1, 3, 5}, windows.get(0).x().get(0).buffer());
        assertArrayEquals(new float[] {3, 5, 7}, windows.get(1).x().get(0).buffer());
        assertEquals(Shape.of(3, 1), windows.get(0).x().get(0).shape());
        assertArrayEquals(new float[] {1}, windows.get(0).y().get(0).buffer());
        assertArrayEquals(new float[] {3}, windows.get(1).y().get(0).buffer());
        // Forecasting: targets shifted by length - 1 + horizon; windows 0..2 -> value 4 (horizon 2).
        List<Sample> forecast = Datasets.timeseriesWindows(data, Datasets.shifted(targets, 4), 3,
                TimeseriesOptions.defaults().withBatchSize(4)).toList();
        assertEquals(2, forecast.size(), "6 windows in batches of 4");
        assertArrayEquals(new float[] {4, 5, 6, 7}, forecast.get(0).y().get(0).buffer());
        assertEquals(Shape.of(4, 3, 1), forecast.get(0).x().get(0).shape());
        List<Sample> shuffled = Datasets.timeseriesWindows(data, targets, 3, TimeseriesOptions.defaults()
                .withShuffle(5).withBatchSize(0)).toList();
        assertEquals(8, shuffled.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.timeseriesWindows(data, null, 11, TimeseriesOptions.defaults()));
        assertEquals("timeseriesWindows: 10 rows hold no window of 11 steps at sampling rate 1", e.getMessage());
    }

    @Test
    void csvReadsTypedFeatureAndLabelColumnsAndNamesBadCells() throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "a,b,label,c\n1.5,2,1,3\n\n4,5e-1,0,6\n");
        List<Sample> rows = CsvDataset.of(csv).withLabels("label").withColumnType("label", ColumnType.INT32)
                .build().toList();
        assertEquals(2, rows.size());
        assertArrayEquals(new float[] {1.5f, 2, 3}, rows.get(0).x().get(0).buffer());
        assertArrayEquals(new float[] {0}, rows.get(1).y().get(0).buffer());
        List<Sample> picked = CsvDataset.of(csv).withFeatures("c", "a").withLabels("b").build().toList();
        assertArrayEquals(new float[] {6, 4}, picked.get(1).x().get(0).buffer());
        Files.writeString(csv, "a,label\n1,2\n3,x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvDataset.of(csv).withLabels("label").build().toList());
        assertEquals(csv + ":3: column 2 ('label'): 'x' is not a number", e.getMessage());
        Files.writeString(csv, "a,label\n1,2\n3.5,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.of(csv).withLabels("label")
                .withColumnType("a", ColumnType.INT32).build().toList());
        assertEquals(csv + ":3: column 1 ('a'): '3.5' is not an integer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.of(csv).withLabels("y").build());
        assertEquals(csv + ": no column 'y'; the columns are [a, label]", e.getMessage());
    }

    private static Sequential model() {
        Sequential m = Sequential.seeded(4, Layers.lstm(5).withDropout(0.2).inputShape(4, 2), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01));
        return m;
    }

    @Test
    void fitOnADatasetEqualsFitOnTheSameBatchesInMemory() {
        Tensor x = Tensor.wrap(Shape.of(30, 4, 2), dev.engram.testing.Numeric.randomFloats(240, 1, 1));
        Tensor y = Tensor.wrap(Shape.of(30, 1), dev.engram.testing.Numeric.randomFloats(30, 2, 1));
        Tensor vx = Tensor.wrap(Shape.of(6, 4, 2), dev.engram.testing.Numeric.randomFloats(48, 5, 1));
        Tensor vy = Tensor.wrap(Shape.of(6, 1), dev.engram.testing.Numeric.randomFloats(6, 6, 1));
        Sequential a = model();
        History ha = a.fit(x, y, FitOptions.epochs(3).withBatchSize(8).withShuffle(false).withSeed(9)
                .withValidationData(vx, vy).withVerbosity(Verbosity.SILENT));
        Sequential b = model();
        History hb = b.fit(Datasets.fromTensors(x, y).batch(8).prefetch(2), FitOptions.epochs(3).withSeed(9)
                .withValidationData(Datasets.fromTensors(vx, vy).batch(4), 0).withVerbosity(Verbosity.SILENT));
        for (int i = 0; i < a.getWeights().size(); i++) {
            assertArrayEquals(a.getWeights().get(i).buffer(), b.getWeights().get(i).buffer());
        }
        assertEquals(ha.get("loss"), hb.get("loss"));
        for (int e = 0; e < 3; e++) {
            assertEquals(ha.get("val_loss").get(e), hb.get("val_loss").get(e), 1e-6);
        }
        assertEquals(a.evaluate(vx, vy).get("loss"), b.evaluate(Datasets.fromTensors(vx, vy).batch(5)).get("loss"),
                1e-6);
        // Same batch size on both sides: across batch sizes the last bits may differ (README, Predictor).
        assertArrayEquals(a.predict(vx).buffer(), b.predict(Datasets.fromTensors(vx, vy).batch(6)).buffer());
    }

    @Test
    void stepsPerEpochContinuesThePassAcrossEpochs() {
        List<Integer> counts = new ArrayList<>();
        Tensor x = Tensor.wrap(Shape.of(10, 4, 2), dev.engram.testing.Numeric.randomFloats(80, 1, 1));
        Tensor y = Tensor.wrap(Shape.of(10, 1), dev.engram.testing.Numeric.randomFloats(10, 2, 1));
        // 10 rows in batches of 4: 4, 4, 2, then the next pass 4, 4, 2 ...
        History h = model().fit(Datasets.fromTensors(x, y).batch(4), FitOptions.epochs(2).withStepsPerEpoch(2)
                .withVerbosity(Verbosity.SILENT).withCallbacks(dev.engram.callbacks.LambdaCallback.create()
                        .onBatchEnd((s, e, b, logs) -> counts.add(s.currentBatchSize()))));
        assertEquals(List.of(4, 4, 2, 4), counts);
        assertEquals(2, h.epochs());
        // The pass kept open across epochs is closed when fit ends: its prefetch thread stops.
        model().fit(Datasets.fromTensors(x, y).batch(4).prefetch(2), FitOptions.epochs(1).withStepsPerEpoch(2)
                .withVerbosity(Verbosity.SILENT));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("engram-prefetch"))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("engram-prefetch")));
    }

    @Test
    void supplierSourcesStreamAndAreClosed() {
        List<String> closed = new ArrayList<>();
        class Source implements Iterator<Integer>, AutoCloseable {
            private int i;

            @Override
            public boolean hasNext() {
                return i < 3;
            }

            @Override
            public Integer next() {
                return i++;
            }

            @Override
            public void close() {
                closed.add("closed");
            }
        }
        Dataset<Integer> d = Datasets.fromSupplier(Source::new);
        assertEquals(List.of(0, 1, 2, 0, 1, 2), d.repeat(2).toList());
        assertEquals(2, closed.size());
    }
}
