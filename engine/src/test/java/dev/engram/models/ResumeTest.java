package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.callbacks.BackupAndRestore;
import dev.engram.callbacks.LambdaCallback;
import dev.engram.callbacks.ModelCheckpoint;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.optimizers.schedules.ExponentialDecay;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stopping after epoch k (or after any batch) and resuming from the saved {@link TrainingState}
 * gives weights bit-identical to the uninterrupted run: for every optimizer, with shuffling,
 * dropout and recurrent dropout on.
 */
class ResumeTest {
    private static final int EPOCHS = 4;
    private static final Tensor X = Tensor.wrap(Shape.of(40, 5, 2), Numeric.randomFloats(400, 3, 1));
    private static final Tensor Y = Tensor.wrap(Shape.of(40, 1), Numeric.randomFloats(40, 4, 1));

    @TempDir
    Path dir;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) () -> Optimizers.sgd(0.05)),
                Arguments.of("sgd-nesterov", (Supplier<Optimizer>) () -> Optimizers.sgd(0.05, 0.9, true)),
                Arguments.of("adam", (Supplier<Optimizer>) () -> Optimizers.adam(0.01)),
                Arguments.of("adam-scheduled", (Supplier<Optimizer>) () -> Optimizers.adam(0.01)
                        .setSchedule(new ExponentialDecay(0.01, 3, 0.5, false))),
                Arguments.of("rmsprop", (Supplier<Optimizer>) () -> Optimizers.rmsprop(0.01)),
                Arguments.of("adagrad", (Supplier<Optimizer>) () -> Optimizers.adagrad(0.05)),
                Arguments.of("adamax", (Supplier<Optimizer>) () -> Optimizers.adamax(0.01)),
                Arguments.of("adadelta", (Supplier<Optimizer>) () -> Optimizers.adadelta(1.0)),
                Arguments.of("nadam", (Supplier<Optimizer>) () -> Optimizers.nadam(0.01)),
                Arguments.of("adamw", (Supplier<Optimizer>) () -> Optimizers.adamw(0.01, 0.004)));
    }

    private static Sequential model(long initSeed, Supplier<Optimizer> optimizer) {
        Sequential m = Sequential.seeded(initSeed,
                Layers.lstm(6).withDropout(0.2).withRecurrentDropout(0.1).inputShape(5, 2),
                Layers.dropout(0.3),
                Layers.dense(1));
        m.compile(Losses.meanSquaredError(), optimizer.get());
        return m;
    }

    private static FitOptions options() {
        return unseeded().withSeed(11);
    }

    /** Resumed runs get no seed: shuffling and dropout must continue from the state's seed. */
    private static FitOptions unseeded() {
        return FitOptions.epochs(EPOCHS).withBatchSize(8).withValidationSplit(0.2).withVerbosity(Verbosity.SILENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingAfterAnEpochIsBitIdentical(String name, Supplier<Optimizer> optimizer) throws IOException {
        Sequential whole = model(1, optimizer);
        History full = whole.fit(X, Y, options());

        Sequential first = model(1, optimizer);
        String template = dir.resolve(name + "-{epoch}.state").toString();
        first.fit(X, Y, FitOptions.epochs(2).withBatchSize(8).withSeed(11).withValidationSplit(0.2)
                .withVerbosity(Verbosity.SILENT).withCallbacks(ModelCheckpoint.to(template)));
        TrainingState state = TrainingStateFile.read(dir.resolve(name + "-2.state"));
        assertEquals(2, state.epoch());

        // Another initialisation and a fresh optimizer: everything must come from the state.
        Sequential resumed = model(99, optimizer);
        History rest = resumed.fit(X, Y, unseeded().withResume(state));
        assertBitIdentical(whole, resumed);
        assertEquals(full.get("loss").subList(2, EPOCHS), rest.get("loss"));
        assertEquals(full.get("val_loss").subList(2, EPOCHS), rest.get("val_loss"));
        assertEquals(whole.optimizer().iterations(), resumed.optimizer().iterations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void backupAndRestoreResumesAnInterruptedFitMidEpoch(String name, Supplier<Optimizer> optimizer) {
        Sequential whole = model(1, optimizer);
        History full = whole.fit(X, Y, options());

        BackupAndRestore backup = BackupAndRestore.in(dir.resolve(name)).withSaveEveryBatches(2);
        Sequential crashed = model(1, optimizer);
        LambdaCallback crash = LambdaCallback.create().onBatchEnd((s, epoch, batch, logs) -> {
            if (epoch == 2 && batch == 1) {
                throw new IllegalStateException("simulated crash");
            }
        });
        // The crash comes after the backup of the same batch (callbacks run in order).
        assertThrows(IllegalStateException.class,
                () -> crashed.fit(X, Y, options().withCallbacks(backup, crash)));
        assertTrue(Files.exists(backup.file()));

        Sequential resumed = model(99, optimizer);
        History rest = resumed.fit(X, Y, unseeded().withCallbacks(backup));
        assertTrue(backup.restored());
        assertBitIdentical(whole, resumed);
        assertEquals(full.get("loss").subList(2, EPOCHS), rest.get("loss"));
        assertTrue(!Files.exists(backup.file()), "the backup is deleted after a complete fit");
    }

    private static void assertBitIdentical(Sequential expected, Sequential actual) {
        List<Tensor> a = expected.getWeights();
        List<Tensor> b = actual.getWeights();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).buffer();
            float[] y = b.get(i).buffer();
            for (int j = 0; j < x.length; j++) {
                assertEquals(Float.floatToRawIntBits(x[j]), Float.floatToRawIntBits(y[j]),
                        "weight " + expected.parameters().get(i).path() + "[" + j + "]: " + x[j] + " vs " + y[j]);
            }
        }
    }
}
