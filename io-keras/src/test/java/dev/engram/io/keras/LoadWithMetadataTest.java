package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.Sequential;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KerasModels#loadWithMetadata}: every format reports the dialect it was read as, the file's
 * {@code keras_version} and what happened to its training configuration, TF.js included.
 */
class LoadWithMetadataTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        return Sequential.seeded(5, Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).inputShape(2, 1),
                Layers.dense(1));
    }

    @Test
    void everyFormatReportsDialectVersionAndCompileStatus() throws Exception {
        Tensor x = Tensor.of(new float[][][] {{{1}, {2}}});
        for (KerasFormat f : KerasFormat.values()) {
            Sequential m = model();
            m.compile(Losses.meanSquaredError(), f == KerasFormat.TFJS ? Optimizers.adam(0.01)
                    : Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
            Path p = dir.resolve(f == KerasFormat.TFJS ? "tfjs" : f == KerasFormat.H5 ? "m.h5" : "m.keras");
            KerasModels.save(m, p, f);
            LoadedKerasModel loaded = KerasModels.loadWithMetadata(p);
            assertEquals(m.predict(List.of(x)), loaded.model().predict(List.of(x)), f.toString());
            assertTrue(loaded.compile().compiled(), f + ": " + loaded.compile());
            assertEquals("Adam", loaded.compile().optimizer(), f.toString());
            switch (f) {
                case TFJS -> {
                    assertEquals(KerasDialect.TFJS, loaded.dialect());
                    assertEquals("tfjs-layers 4.22.0", loaded.kerasVersion());
                    assertEquals("mean_squared_error", loaded.compile().loss());
                }
                case H5 -> {
                    assertEquals(KerasDialect.KERAS_2, loaded.dialect());
                    assertEquals(KerasH5Options.defaults().kerasVersion(), loaded.kerasVersion());
                }
                case KERAS -> assertEquals(KerasDialect.KERAS_3, loaded.dialect());
            }
        }
    }

    @Test
    void tfjsWithoutTrainingConfigIsReportedUncompiled() throws Exception {
        Path p = dir.resolve("plain");
        KerasModels.save(model(), p, KerasFormat.TFJS);
        LoadedKerasModel loaded = KerasModels.loadWithMetadata(p);
        assertEquals(CompileStatus.absent(), loaded.compile());
        assertEquals(KerasDialect.TFJS, loaded.dialect());
    }
}
