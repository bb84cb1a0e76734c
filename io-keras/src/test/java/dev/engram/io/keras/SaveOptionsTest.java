package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.Sequential;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.GradientClipping;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.optimizers.RmsProp;
import dev.engram.optimizers.RmsPropForm;
import dev.engram.optimizers.schedules.CosineDecay;
import dev.engram.optimizers.schedules.ExponentialDecay;
import dev.engram.optimizers.schedules.LearningRateSchedule;
import dev.engram.optimizers.schedules.PiecewiseConstantDecay;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KerasModels#save(dev.engram.models.Network, Path, KerasFormat, SaveOptions)}: one API, every format. */
class SaveOptionsTest {
    @TempDir
    Path dir;

    private static Sequential model(Optimizer opt) {
        // sigmoid gates: the TF.js default hard sigmoid has no name in Keras 3 files.
        Sequential m = Sequential.seeded(3,
                Layers.lstm(4).withRecurrentActivation(Activations.sigmoid()).inputShape(2, 1), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), opt);
        return m;
    }

    private static Path target(Path dir, KerasFormat f) {
        return dir.resolve(switch (f) {
            case TFJS -> "tfjs";
            case H5 -> "m.h5";
            case KERAS -> "m.keras";
        });
    }

    @Test
    void everyFormatKeepsTheTrainingConfigByDefault() throws Exception {
        Tensor x = Tensor.of(new float[][][] {{{1}, {2}}});
        for (KerasFormat f : KerasFormat.values()) {
            // TF.js has only the TF.js Adam form, Keras only the epsilon-hat form.
            Optimizer opt = f == KerasFormat.TFJS ? Optimizers.adam(0.01)
                    : Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT);
            Sequential m = model(opt);
            Path p = target(dir, f);
            KerasModels.save(m, p, f);
            Sequential back = (Sequential) KerasModels.load(p);
            assertNotNull(back.optimizer(), f + " reloads compiled");
            assertEquals(0.01, back.optimizer().learningRate(), 1e-12, f.toString());
            assertEquals(m.loss().name(), back.loss().name(), f.toString());
            assertEquals(m.predict(x).get(0, 0), back.predict(x).get(0, 0), 1e-6, f.toString());

            Path q = dir.resolve("plain-" + p.getFileName());
            KerasModels.save(m, q, f, SaveOptions.defaults().withoutTrainingConfig());
            assertNull(((Sequential) KerasModels.load(q)).optimizer(), f + " without training config");
        }
    }

    @Test
    void kerasFormatsKeepSchedulesAndClipping() throws Exception {
        List<LearningRateSchedule> schedules = List.of(new ExponentialDecay(0.1, 10, 0.5, true),
                new CosineDecay(0.05, 100, 0.1), new PiecewiseConstantDecay(new long[] {5, 10}, new double[] {0.1, 0.01, 0.001}));
        for (KerasFormat f : List.of(KerasFormat.H5, KerasFormat.KERAS)) {
            for (KerasDialect d : List.of(KerasDialect.KERAS_2, KerasDialect.KERAS_3)) {
                for (LearningRateSchedule s : schedules) {
                    Optimizer opt = Optimizers.sgd(0.1).setSchedule(s).setClipNorm(1.5);
                    Path p = dir.resolve(d + "-" + s.getClass().getSimpleName() + (f == KerasFormat.H5 ? ".h5" : ".keras"));
                    KerasModels.save(model(opt), p, f, SaveOptions.defaults().withH5Dialect(d));
                    Optimizer back = ((Sequential) KerasModels.load(p)).optimizer();
                    assertNotNull(back, p.toString());
                    assertEquals(s, back.schedule(), p.toString());
                    assertEquals(new GradientClipping(GradientClipping.Kind.NORM, 1.5), back.clipping(), p.toString());
                }
            }
        }
    }

    @Test
    void rmspropTravelsInEveryFormatAndCenteredFormsStayWithTheirFramework() throws Exception {
        Tensor x = Tensor.of(new float[][][] {{{1}, {2}}});
        for (KerasFormat f : KerasFormat.values()) {
            // not centered, TF.js and Keras RMSprop are the same update: every format holds it
            Sequential plain = model(Optimizers.rmsprop(0.02, 0.8, 0.3, 1e-6, false));
            Path p = target(dir, f);
            KerasModels.save(plain, p, f);
            RmsProp back = assertInstanceOf(RmsProp.class, ((Sequential) KerasModels.load(p)).optimizer(), f.toString());
            assertEquals(0.8, back.decay(), 1e-9, f.toString());
            assertEquals(0.3, back.momentum(), 1e-9, f.toString());
            assertEquals(1e-6, back.epsilon(), 1e-12, f.toString());
            assertEquals(plain.predict(x).get(0, 0), ((Sequential) KerasModels.load(p)).predict(x).get(0, 0), 1e-6);

            // centered, each framework holds only its own form, and the message says how to save anyway
            RmsPropForm foreign = f == KerasFormat.TFJS ? RmsPropForm.KERAS : RmsPropForm.TFJS;
            Sequential centered = model(Optimizers.rmsprop(0.02, 0.9, 0, 1e-7, true).withForm(foreign));
            Path q = dir.resolve("centered-" + p.getFileName());
            var e = assertThrows(ModelFormatException.class, () -> KerasModels.save(centered, q, f));
            assertTrue(e.getMessage().contains("centered RMSprop") && e.getMessage().contains("withoutTrainingConfig"),
                    e.getMessage());
            assertFalse(Files.exists(q), q.toString());
            Sequential own = model(Optimizers.rmsprop(0.02, 0.9, 0, 1e-7, true)
                    .withForm(f == KerasFormat.TFJS ? RmsPropForm.TFJS : RmsPropForm.KERAS));
            KerasModels.save(own, q, f);
            RmsProp loaded = (RmsProp) ((Sequential) KerasModels.load(q)).optimizer();
            assertTrue(loaded.centered(), f.toString());
            assertEquals(own.optimizer() instanceof RmsProp r ? r.form() : null, loaded.form(), f.toString());
        }
    }

    @Test
    void tfjsRefusesSchedulesNamingAnOptionThatExists() throws Exception {
        Sequential m = model(Optimizers.adam(0.01).setSchedule(new ExponentialDecay(0.1, 10, 0.5, false)));
        var e = assertThrows(ModelFormatException.class, () -> KerasModels.save(m, dir.resolve("t"), KerasFormat.TFJS));
        assertTrue(e.getMessage().contains("schedule") && e.getMessage().contains("SaveOptions.withoutTrainingConfig()"),
                e.getMessage());
        KerasModels.save(m, dir.resolve("t"), KerasFormat.TFJS, SaveOptions.defaults().withoutTrainingConfig());
        assertNull(((Sequential) KerasModels.load(dir.resolve("t"))).optimizer());
    }

    @Test
    void refusalsNameSaveOptions() {
        Sequential tfjsAdam = model(Optimizers.adam(0.01)); // TF.js epsilon form: no Keras equivalent
        for (KerasFormat f : List.of(KerasFormat.H5, KerasFormat.KERAS)) {
            var e = assertThrows(ModelFormatException.class, () -> KerasModels.save(tfjsAdam, target(dir, f), f));
            assertTrue(e.getMessage().contains("SaveOptions.withoutTrainingConfig()"), e.getMessage());
            assertFalse(Files.exists(target(dir, f)), "nothing written on refusal");
        }
        var e = assertThrows(ModelFormatException.class, () -> KerasModels.save(tfjsAdam, dir.resolve("x.h5"),
                KerasFormat.H5, SaveOptions.defaults().withOptimizerState(true)));
        assertTrue(e.getMessage().contains("SaveOptions.withOptimizerState(false)"), e.getMessage());
    }

    @Test
    void tfjsOptimizerStateAndShards() throws Exception {
        Sequential m = model(Optimizers.adam(0.01));
        m.fit(Tensor.of(new float[][][] {{{1}, {2}}}), Tensor.of(new float[][] {{1}}), dev.engram.models.FitOptions.epochs(2));
        Path p = dir.resolve("state");
        KerasModels.save(m, p, KerasFormat.TFJS, SaveOptions.defaults().withOptimizerState(true).withTfjsShardBytes(64));
        assertTrue(Files.exists(p.resolve("group1-shard1of" + countShards(p) + ".bin")));
        Sequential back = (Sequential) KerasModels.load(p);
        assertEquals(m.optimizer().iterations(), back.optimizer().iterations());
    }

    private static long countShards(Path p) throws Exception {
        try (var s = Files.list(p)) {
            return s.filter(f -> f.getFileName().toString().startsWith("group1-shard")).count();
        }
    }
}
