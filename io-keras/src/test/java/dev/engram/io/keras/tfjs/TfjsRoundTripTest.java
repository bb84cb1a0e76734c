package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.activations.Activations;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine model -> TfjsModelWriter -> TfjsModelReader gives the same model, weights and optimizer state. */
class TfjsRoundTripTest {
    @TempDir
    Path dir;

    static Sequential lstmModel() {
        Sequential m = new Sequential("rt", 7);
        m.add(Layers.lstm(5).withReturnSequences(true).withGoBackwards(true).withActivation(Activations.relu())
                .withRecurrentActivation(Activations.sigmoid()).withName("lstm_a").inputShape(4, 3));
        m.add(Layers.lstm(3).withUseBias(false).withUnitForgetBias(true).withName("lstm_b"));
        m.add(Layers.dropout(0.25).withName("drop"));
        m.add(Layers.dense(2).withActivation(Activations.softmax()).withName("out"));
        return m;
    }

    static Tensor input(int batch, int steps, int features) {
        float[] v = new float[batch * steps * features];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(0.37 * i + 0.1) * 1.5f;
        }
        return Tensor.of(Shape.of(batch, steps, features), v);
    }

    @Test
    void writeThenReadGivesTheSameModel() throws IOException {
        Sequential m = lstmModel();
        KerasModels.save(m, dir, KerasFormat.TFJS);
        assertTrue(Files.isRegularFile(dir.resolve("weights.bin")));
        Sequential back = KerasModels.loadSequential(dir);
        assertEquals(m.layers().size(), back.layers().size());
        for (int i = 0; i < m.layers().size(); i++) {
            assertEquals(m.layers().get(i).config(), back.layers().get(i).config(), "config of layer " + i);
        }
        assertEquals(m.getWeights(), back.getWeights());
        Tensor x = input(3, 4, 3);
        assertEquals(m.predict(x), back.predict(x));
    }

    @Test
    void modelJsonHasTfjsKeysAndNames() throws IOException {
        TfjsModelWriter.write(lstmModel(), dir, TfjsWriteOptions.defaults());
        JsonNode root = new ObjectMapper().readTree(dir.resolve("model.json").toFile());
        Iterator<String> keys = root.fieldNames();
        assertEquals(List.of("modelTopology", "weightsManifest", "format", "generatedBy", "convertedBy"),
                Stream.generate(() -> keys.hasNext() ? keys.next() : null).takeWhile(k -> k != null).toList());
        assertEquals("layers-model", root.get("format").asText());
        assertEquals("tfjs-layers 4.22.0", root.at("/modelTopology/keras_version").asText());
        assertEquals("[null,4,3]", root.at("/modelTopology/config/layers/0/config/batch_input_shape").toString());
        assertEquals("sigmoid", root.at("/modelTopology/config/layers/0/config/recurrent_activation").asText());
        assertEquals("lstm_a/recurrent_kernel", root.at("/weightsManifest/0/weights/1/name").asText());
        assertEquals("[3,20]", root.at("/weightsManifest/0/weights/0/shape").toString());
    }

    @Test
    void shardsAreSplitAndConcatenatedBack() throws IOException {
        Sequential m = new Sequential("big", 3);
        m.add(Layers.dense(300).inputShape(2000)); // 2.4 MB of kernel
        m.add(Layers.dense(1));
        TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults().withShardBytes(1 << 20));
        assertTrue(Files.isRegularFile(dir.resolve("group1-shard3of3.bin")));
        assertFalse(Files.exists(dir.resolve("weights.bin")));
        assertEquals(1 << 20, Files.size(dir.resolve("group1-shard1of3.bin")));
        Sequential back = TfjsModelReader.readSequential(dir.resolve("model.json"));
        assertEquals(m.getWeights(), back.getWeights());
    }

    @Test
    void optimizerStateRoundTripsAndTrainingResumesIdentically() throws IOException {
        Sequential a = lstmModel();
        a.compile(Losses.categoricalCrossentropy(), Optimizers.adam(0.01));
        Tensor x = input(6, 4, 3);
        float[] y = new float[12];
        for (int i = 0; i < 6; i++) {
            y[2 * i + (i % 2)] = 1;
        }
        Tensor yt = Tensor.of(Shape.of(6, 2), y);
        FitOptions opts = FitOptions.epochs(2).withBatchSize(4).withShuffle(false);
        a.fit(x, yt, opts);
        TfjsModelWriter.write(a, dir, TfjsWriteOptions.defaults().withIncludeOptimizer(true));
        Sequential b = TfjsModelReader.readSequential(dir.resolve("model.json"));
        assertEquals(a.optimizer().iterations(), b.optimizer().iterations());
        assertEquals(a.optimizer().state().keySet(), b.optimizer().state().keySet());
        a.optimizer().state().forEach((k, v) -> assertEquals(v.reshape(b.optimizer().state().get(k).shape()),
                b.optimizer().state().get(k), k));
        // Dropout masks draw from the fit seed; no dropout randomness differs between a and b with equal seeds.
        a.fit(x, yt, opts.withSeed(5));
        b.fit(x, yt, opts.withSeed(5));
        assertEquals(a.getWeights(), b.getWeights());
    }
}
