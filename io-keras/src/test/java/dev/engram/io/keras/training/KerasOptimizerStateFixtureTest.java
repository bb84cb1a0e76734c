package dev.engram.io.keras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.internal.Networks;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.models.FitOptions;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras-made checkpoints with optimizer state ({@code src/test/fixtures-gen/keras/gen_optimizer_state.py}):
 * tf-keras 2.18 {@code .h5} and Keras 3.10 {@code .keras} files of a model trained K epochs. Engram
 * loads each, must see Keras's iteration count, trains K more epochs and must match Keras continuing
 * K epochs (rtol 1e-5, atol 1e-6).
 */
class KerasOptimizerStateFixtureTest {
    static final Path DIR = Path.of("src/test/resources/keras/optimizer-state");
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> OPTIMIZERS = List.of("sgd", "sgd_momentum", "sgd_nesterov", "adam", "adamw", "adagrad",
            "adamax", "nadam", "rmsprop", "rmsprop_centered_momentum");

    static Stream<String> fixtures() {
        List<String> out = new ArrayList<>();
        for (String d : List.of("tfkeras2", "keras3")) {
            OPTIMIZERS.forEach(o -> out.add(d + "_" + o));
        }
        return out.stream();
    }

    /** The generator's data: 4 samples of 3 features, one target each. */
    static Tensor x(JsonNode e) {
        return Tensor.of(Shape.of(4, 3), floats(e.get("x")));
    }

    static Tensor y(JsonNode e) {
        return Tensor.of(Shape.of(4, 1), floats(e.get("y")));
    }

    /** The generator's model and initial weights: Dense(4) -> Dense(1), weight k = 0.5 sin(0.7 i + k). */
    static Sequential model() {
        Sequential m = Sequential.seeded(1, Layers.dense(4).inputShape(3), Layers.dense(1));
        int k = 0;
        for (Parameter p : m.parameters()) {
            float[] v = new float[p.shape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 * Math.sin(0.7 * i + k));
            }
            p.assign(Tensor.of(p.shape(), v));
            k++;
        }
        return m;
    }

    /** K epochs of batch 2 without shuffling, as the generator's {@code fit}. */
    static void fit(Network m, Tensor x, Tensor y, int epochs) {
        ((Sequential) m).fit(x, y, FitOptions.epochs(epochs).withBatchSize(2).withShuffle(false)
                .withVerbosity(Verbosity.SILENT));
    }

    /** The largest |got - want| / max(|want|, atol / rtol) over all weights, after checking the tolerance. */
    static double compare(Network m, JsonNode weights, String what) {
        List<Parameter> params = m.parameters();
        assertEquals(weights.size(), params.size(), what + ": weight count");
        double worst = 0;
        for (int i = 0; i < params.size(); i++) {
            float[] got = params.get(i).data();
            JsonNode want = weights.get(i);
            assertEquals(want.size(), got.length, what + ": weight " + i);
            for (int k = 0; k < got.length; k++) {
                double w = want.get(k).asDouble();
                double diff = Math.abs(got[k] - w);
                assertTrue(diff <= ATOL + RTOL * Math.abs(w), what + ": weight " + i + "[" + k + "] = " + got[k]
                        + ", Keras " + w);
                worst = Math.max(worst, diff / Math.max(Math.abs(w), ATOL / RTOL));
            }
        }
        return worst;
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void engramContinuesWhereKerasStopped(String name) throws Exception {
        JsonNode e = JSON.readTree(DIR.resolve(name + ".expected.json").toFile());
        Path file = DIR.resolve(name + (name.startsWith("tfkeras2") ? ".h5" : ".keras"));
        assertTrue(Files.exists(file), file.toString());
        if (name.equals("tfkeras2_nadam")) {
            // tf-keras 2.18's compiled Nadam multiplies its u_product once per variable each step; the
            // engine's (Keras 3's) Nadam would drift ~2e-3 from it, so the file loads uncompiled.
            var loaded = dev.engram.io.keras.h5.KerasH5Reader.load(file);
            assertTrue(!loaded.compile().compiled() && loaded.compile().reason().contains("tf-keras 2 Nadam"),
                    String.valueOf(loaded.compile()));
            return;
        }
        Network m = KerasModels.load(file);
        assertNotNull(m.optimizer(), name + " loads compiled");
        assertEquals(e.get("iterationsAtSave").asLong(), m.optimizer().iterations(), name + " iterations");
        fit(m, x(e), y(e), e.get("epochs").asInt());
        assertEquals(e.get("iterationsAfter").asLong(), m.optimizer().iterations());
        double worst = compare(m, e.get("weightsAfter"), name);
        System.out.printf("optimizer state %s: Engram resumed %d steps after Keras, max relative difference %.2e%n",
                name, e.get("iterationsAfter").asLong() - e.get("iterationsAtSave").asLong(), worst);
    }
}
