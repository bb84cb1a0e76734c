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
 * Every optimizer TF.js 4.22 saves with its state ({@code src/test/fixtures-gen/tfjs-optimizers/gen_optimizers.js}:
 * SGD, Nesterov momentum, centered RMSProp, Adagrad, Adadelta, Adam): a model trained 2 epochs by TF.js and saved
 * with includeOptimizer loads compiled with that state in Engram, trains 2 more epochs and must reach what TF.js
 * reached continuing (rtol 1e-5, atol 1e-6).
 */
class TfjsOptimizerStateFixtureTest {
    private static final Path DIR = Path.of("src/test/resources/tfjs-optimizers");

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum_nesterov", "rmsprop_centered", "adagrad", "adadelta", "adam"})
    void engramContinuesWhereTfjsStopped(String name) throws Exception {
        JsonNode e = new ObjectMapper().readTree(DIR.resolve(name).resolve("expected.json").toFile());
        Network m = KerasModels.load(DIR.resolve(name).resolve("model.json"));
        assertNotNull(m.loss(), name + " loads compiled");
        org.junit.jupiter.api.Assertions.assertEquals(4, m.optimizer().iterations(), name + ": TF.js's 4 steps");
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
