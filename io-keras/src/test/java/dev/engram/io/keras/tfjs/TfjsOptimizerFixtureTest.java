package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.GoldenCases;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shared/fixtures/tfjs/lstm_tutorial: TF.js's includeOptimizer save restores the Adam state exactly,
 * and training interrupted by a save/load through our format ends where TF.js's uninterrupted run ended.
 */
class TfjsOptimizerFixtureTest {
    @TempDir
    Path tmp;

    private static Path tutorial() {
        Path root = GoldenCases.sharedFixtures("tfjs");
        Assumptions.assumeTrue(root != null, "shared/fixtures/tfjs not present");
        return root.resolve("lstm_tutorial");
    }

    @Test
    void finalWithOptimizerRestoresAdamStateAsStored() throws IOException {
        Path dir = tutorial().resolve("final-with-optimizer");
        Sequential m = TfjsModelReader.readSequential(dir.resolve("model.json"));
        Adam adam = assertInstanceOf(Adam.class, m.optimizer());
        assertEquals(0.01, adam.learningRate(), 1e-12);
        assertEquals(Losses.meanSquaredError(), m.loss());
        // Decode the file independently: single group, entries back to back.
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("model.json").toFile()).at("/weightsManifest/0/weights");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("weights.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> state = adam.state();
        int checked = 0;
        for (JsonNode w : manifest) {
            int n = 1;
            for (JsonNode d : w.get("shape")) {
                n *= d.asInt();
            }
            String name = w.get("name").asText();
            if (name.equals("iter")) {
                assertEquals(b.getInt(), adam.iterations());
                continue;
            }
            float[] v = new float[n];
            b.asFloatBuffer().get(v);
            b.position(b.position() + 4 * n);
            if (w.has("group")) {
                String key = name.replace("recurrent_kernel", "recurrentKernel");
                assertEquals(Tensor.of(v), state.get(key).reshape(Shape.of(n)), key);
                checked++;
            }
        }
        assertEquals(10, checked);
        assertEquals(18, adam.iterations()); // 48 samples / 16 per batch * 6 epochs
    }

    @Test
    void trainingInterruptedBySaveAndLoadMatchesTfjsUninterruptedRun() throws IOException {
        Path fixture = tutorial();
        JsonNode rec = new ObjectMapper().readTree(fixture.resolve("training.json").toFile());
        Tensor x = tensor(rec.get("x"));
        Tensor y = tensor(rec.get("y"));
        Sequential first = TfjsModelReader.readSequential(fixture.resolve("initial/model.json"));
        assertNull(first.optimizer());
        first.compile(Losses.meanSquaredError(), Optimizers.adam(0.01));
        FitOptions three = FitOptions.epochs(3).withBatchSize(16).withShuffle(false);
        first.fit(x, y, three);
        TfjsModelWriter.write(first, tmp, TfjsWriteOptions.defaults().withIncludeOptimizer(true));
        Sequential resumed = TfjsModelReader.readSequential(tmp.resolve("model.json"));
        resumed.fit(x, y, three);
        Sequential tfjsFinal = TfjsModelReader.readSequential(fixture.resolve("model.json"));
        List<Tensor> got = resumed.getWeights();
        List<Tensor> want = tfjsFinal.getWeights();
        for (int i = 0; i < want.size(); i++) {
            GoldenCases.assertClose(want.get(i), got.get(i), 1e-4, 1e-5, "weight " + i + " after 6 epochs");
        }
    }

    private static Tensor tensor(JsonNode t) {
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asInt();
        }
        float[] v = new float[t.get("data").size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) t.get("data").get(i).asDouble();
        }
        return Tensor.of(Shape.of(shape), v);
    }
}
