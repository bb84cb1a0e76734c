package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasModels;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Network;
import dev.engram.models.Verbosity;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TF.js 4.22's losses beyond the first five ({@code src/test/fixtures-gen/tfjs-losses/gen_losses.js}): a model
 * compiled with each and saved untrained by TF.js (model.json with its trainingConfig) loads compiled in Engram,
 * trains 2 epochs as TF.js did and must reach TF.js's losses and weights (rtol 1e-5, atol 1e-6). The hinges use
 * -1/1 labels and the KL divergence zero targets, where TF.js's forms differ from Keras's.
 */
class TfjsLossFixtureTest {
    private static final Path DIR = Path.of("src/test/resources/tfjs-losses");

    @ParameterizedTest
    @ValueSource(strings = {"meanAbsolutePercentageError", "meanSquaredLogarithmicError", "logcosh", "poisson", "hinge",
        "squaredHinge", "categoricalHinge", "kullbackLeiblerDivergence", "cosineProximity"})
    void engramTrainsAsTfjsDid(String name) throws Exception {
        JsonNode e = new ObjectMapper().readTree(DIR.resolve(name).resolve("expected.json").toFile());
        Network m = KerasModels.load(DIR.resolve(name).resolve("model.json"));
        assertNotNull(m.loss(), name + " loads compiled");
        History h = m.fit(Tensor.of(Shape.of(8, 3), floats(e.get("x"))), Tensor.of(Shape.of(8, 3), floats(e.get("y"))),
                FitOptions.epochs(2).withBatchSize(4).withShuffle(false).withVerbosity(Verbosity.SILENT));
        for (int i = 0; i < 2; i++) {
            double want = e.get("losses").get(i).asDouble();
            double got = h.get("loss").get(i);
            assertTrue(Math.abs(got - want) <= 1e-6 + 1e-5 * Math.abs(want), name + " epoch " + i + ": " + got
                    + ", TF.js " + want);
        }
        List<Tensor> ws = m.getWeights();
        for (int i = 0; i < ws.size(); i++) {
            float[] got = ws.get(i).toArray();
            JsonNode want = e.get("weightsAfter").get(i);
            for (int k = 0; k < got.length; k++) {
                double w = want.get(k).asDouble();
                assertTrue(Math.abs(got[k] - w) <= 1e-6 + 1e-5 * Math.abs(w), name + " weight " + i + "[" + k + "] = "
                        + got[k] + ", TF.js " + w);
            }
        }
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }
}
