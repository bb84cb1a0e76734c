package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.callbacks.LambdaCallback;
import dev.engram.callbacks.ModelCheckpoint;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelCheckpoint writing every Keras/TF.js format through KerasCheckpointSaver. */
class KerasCheckpointSaverTest {
    @TempDir
    Path dir;

    @Test
    void checkpointsInEveryFormatReloadToTheWeightsOfTheirEpoch() throws IOException {
        Sequential m = Sequential.seeded(3, Layers.lstm(4).withRecurrentActivation(Activations.sigmoid()).inputShape(3, 2), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.05, 0.9, false));
        float[] xs = new float[16 * 6];
        float[] ys = new float[16];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Math.sin(i * 0.37);
        }
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (float) Math.cos(i * 0.5);
        }
        List<List<Tensor>> weightsAtEpochEnd = new ArrayList<>();
        KerasCheckpointSaver saver = KerasCheckpointSaver.byFileName();
        m.fit(Tensor.wrap(Shape.of(16, 3, 2), xs), Tensor.wrap(Shape.of(16, 1), ys), FitOptions.epochs(2)
                .withBatchSize(8).withSeed(1).withVerbosity(Verbosity.SILENT).withCallbacks(
                        LambdaCallback.create().onEpochEnd((s, e, logs) -> weightsAtEpochEnd.add(s.weights())),
                        ModelCheckpoint.to(dir.resolve("m-{epoch}.h5").toString(), saver),
                        ModelCheckpoint.to(dir.resolve("m-{epoch}.keras").toString(), saver),
                        ModelCheckpoint.to(dir.resolve("m-{epoch}").toString(), saver)));
        for (String name : List.of("m-1.h5", "m-1.keras", "m-1", "m-2.h5", "m-2.keras", "m-2")) {
            Network back = KerasModels.load(name.contains(".") ? dir.resolve(name) : dir.resolve(name)
                    .resolve("model.json"));
            List<Tensor> expected = weightsAtEpochEnd.get(name.charAt(2) - '1');
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).buffer(), back.getWeights().get(i).buffer(), name);
            }
        }
        Sequential tfjs = KerasModels.loadSequential(dir.resolve("m-2").resolve("model.json"));
        assertEquals(4, tfjs.optimizer().iterations(), "TF.js checkpoints carry the optimizer state");
        assertEquals(m.optimizer().state().keySet(), tfjs.optimizer().state().keySet());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
        assertEquals(KerasFormat.TFJS, KerasCheckpointSaver.formatOf("ckpt"));
        assertEquals(KerasFormat.H5, KerasCheckpointSaver.formatOf("a.HDF5"));
    }
}
