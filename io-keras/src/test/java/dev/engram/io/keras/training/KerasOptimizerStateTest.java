package dev.engram.io.keras.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasCheckpointSaver;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.optimizers.schedules.ExponentialDecay;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optimizer state through tf-keras 2 {@code .h5} ({@code optimizer_weights}) and Keras 3
 * {@code .keras} (optimizer variables): a model trained k epochs, saved, reloaded and trained k more
 * matches the model trained 2k epochs without a break, for every optimizer with a Keras form.
 */
class KerasOptimizerStateTest {
    @TempDir
    Path dir;

    private static final Tensor X = Tensor.of(new float[][] {{0.5f, -1f, 2f}, {1f, 0.25f, -0.5f}, {-1.5f, 1f, 0f},
        {0.3f, 0.3f, 0.3f}});
    private static final Tensor Y = Tensor.of(new float[][] {{1f}, {-1f}, {0.5f}, {0f}});

    static Map<String, Supplier<Optimizer>> optimizers() {
        return Map.of(
                "sgd", () -> Optimizers.sgd(0.05),
                "sgd-momentum", () -> Optimizers.sgd(0.05, 0.9, false),
                "sgd-nesterov", () -> Optimizers.sgd(0.05, 0.9, true),
                "adam", () -> Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT),
                "adagrad", () -> Optimizers.adagrad(0.1),
                "adamax", () -> Optimizers.adamax(0.01),
                "nadam", () -> Optimizers.nadam(0.01),
                "adamw", () -> Optimizers.adamw(0.01, 0.05),
                // Keras 3 keeps no learning_rate variable under a schedule; the position is the iteration count.
                "adam-schedule", () -> Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT)
                        .setSchedule(new ExponentialDecay(0.01, 2, 0.5, false)));
    }

    private static Sequential model(Optimizer opt) {
        Sequential m = Sequential.seeded(7, Layers.dense(4).inputShape(3), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), opt);
        return m;
    }

    private static void train(Sequential m, int epochs) {
        m.fit(X, Y, FitOptions.epochs(epochs).withBatchSize(2).withShuffle(false).withVerbosity(dev.engram.models.Verbosity.SILENT));
    }

    @Test
    void resumesFromEveryKerasFormat() throws Exception {
        for (var e : optimizers().entrySet()) {
            Sequential full = model(e.getValue().get());
            train(full, 6);
            for (String target : List.of("keras2.h5", "keras")) {
                if (e.getKey().equals("nadam") && target.equals("keras2.h5")) {
                    continue; // tf-keras 2's Nadam is not Keras 3's: refused, see tfKerasNadamIsRefused
                }
                KerasFormat f = target.endsWith("h5") ? KerasFormat.H5 : KerasFormat.KERAS;
                SaveOptions o = SaveOptions.defaults().withOptimizerState(true);
                Sequential half = model(e.getValue().get());
                train(half, 3);
                Path p = dir.resolve(e.getKey() + "." + target);
                KerasModels.save(half, p, f, o);
                Sequential back = (Sequential) KerasModels.load(p);
                String what = e.getKey() + " " + target;
                assertEquals(half.optimizer().iterations(), back.optimizer().iterations(), what);
                assertEquals(half.optimizer().getClass(), back.optimizer().getClass(), what);
                train(back, 3);
                assertEquals(full.optimizer().iterations(), back.optimizer().iterations(), what);
                for (int i = 0; i < full.parameters().size(); i++) {
                    float[] want = full.parameters().get(i).data();
                    float[] got = back.parameters().get(i).data();
                    for (int k = 0; k < want.length; k++) {
                        // SGD momentum goes through -lr * acc and back: at most a few ulps.
                        assertEquals(want[k], got[k], 1e-6 * Math.max(1, Math.abs(want[k])), what + " weight " + i);
                    }
                }
            }
        }
    }

    @Test
    void tfKerasNadamIsRefused() {
        Sequential m = model(Optimizers.nadam(0.01));
        train(m, 1);
        var ex = assertThrows(ModelFormatException.class, () -> KerasModels.save(m, dir.resolve("n.h5"),
                KerasFormat.H5, SaveOptions.defaults().withOptimizerState(true)));
        assertTrue(ex.getMessage().contains("tf-keras 2 Nadam"), ex.getMessage());
    }

    @Test
    void untrainedModelWritesNoOptimizerWeights() throws Exception {
        Sequential m = model(Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
        Path p = dir.resolve("fresh.h5");
        KerasModels.save(m, p, KerasFormat.H5, SaveOptions.defaults().withOptimizerState(true));
        Sequential back = (Sequential) KerasModels.load(p);
        assertEquals(0, back.optimizer().iterations());
        assertTrue(back.optimizer().state().isEmpty());
    }

    @Test
    void refusesWhatKerasCannotHold() throws Exception {
        // centered RMSprop in the TF.js form subtracts epsilon under the square root; Keras adds it
        Sequential rms = model(Optimizers.rmsprop(0.01, 0.9, 0, 1e-7, true));
        train(rms, 1);
        Sequential sgdSchedule = model(Optimizers.sgd(0.05, 0.9, false).setSchedule(new ExponentialDecay(0.05, 10, 0.5, false)));
        train(sgdSchedule, 1);
        for (Sequential m : List.of(rms, sgdSchedule)) {
            for (KerasFormat f : List.of(KerasFormat.H5, KerasFormat.KERAS)) {
                Path p = dir.resolve("refused" + (f == KerasFormat.H5 ? ".h5" : ".keras"));
                var ex = assertThrows(ModelFormatException.class,
                        () -> KerasModels.save(m, p, f, SaveOptions.defaults().withOptimizerState(true)));
                assertTrue(ex.getMessage().contains("SaveOptions.withOptimizerState(false)"), ex.getMessage());
                assertFalse(Files.exists(p));
            }
        }
        Sequential adam = model(Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
        train(adam, 1);
        var ex = assertThrows(ModelFormatException.class, () -> KerasModels.save(adam, dir.resolve("k3.h5"),
                KerasFormat.H5, SaveOptions.defaults().withOptimizerState(true).withH5Dialect(KerasDialect.KERAS_3)));
        assertTrue(ex.getMessage().contains(".keras file or a KERAS_2 h5"), ex.getMessage());
    }

    @Test
    void checkpointSaverKeepsIterationsInKerasFormats() throws Exception {
        Sequential m = model(Optimizers.adamax(0.01));
        train(m, 2);
        for (String n : List.of("c.h5", "c.keras")) {
            KerasCheckpointSaver.byFileName().save(m, null, dir.resolve(n));
            Sequential back = (Sequential) KerasModels.load(dir.resolve(n));
            assertEquals(m.optimizer().iterations(), back.optimizer().iterations(), n);
            assertArrayEquals(m.optimizer().state().values().iterator().next().toArray(),
                    back.optimizer().state().values().iterator().next().toArray(), n);
        }
    }
}
