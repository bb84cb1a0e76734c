package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Training that TF.js 4.22 did, done again by Engram from TF.js's own file (rtol 1e-5, atol 1e-6 on every epoch's
 * loss and every weight after):
 * <ul>
 *   <li>its losses beyond the first five ({@code src/test/fixtures-gen/tfjs-losses/gen_losses.js}): a model compiled
 *       with each and saved untrained loads compiled and trains 2 epochs as TF.js did; the hinges use -1/1 labels
 *       and the KL divergence zero targets, where TF.js's forms differ from Keras's;</li>
 *   <li>every optimizer TF.js saves with its state ({@code src/test/fixtures-gen/tfjs-optimizers/gen_optimizers.js}:
 *       SGD, Nesterov momentum, centered RMSProp, Adagrad, Adadelta, Adam): a model trained 2 epochs and saved with
 *       includeOptimizer loads with that state and trains 2 more epochs as TF.js continued.</li>
 * </ul>
 */
class TfjsTrainingFixtureTest {
    @ParameterizedTest
    @ValueSource(strings = {"meanAbsolutePercentageError", "meanSquaredLogarithmicError", "logcosh", "poisson", "hinge",
        "squaredHinge", "categoricalHinge", "kullbackLeiblerDivergence", "cosineProximity"})
    void engramTrainsWithEachLossAsTfjsDid(String name) throws Exception {
        Network m = KerasModels.load(Path.of("src/test/resources/tfjs-losses", name, "model.json"));
        assertNotNull(m.loss(), name + " loads compiled");
        trainAndCompare(m, Path.of("src/test/resources/tfjs-losses", name, "expected.json"), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum_nesterov", "rmsprop_centered", "adagrad", "adadelta", "adam"})
    void engramContinuesEachOptimizerWhereTfjsStopped(String name) throws Exception {
        Network m = KerasModels.load(Path.of("src/test/resources/tfjs-optimizers", name, "model.json"));
        assertNotNull(m.loss(), name + " loads compiled");
        assertEquals(4, m.optimizer().iterations(), name + ": TF.js's 4 steps");
        trainAndCompare(m, Path.of("src/test/resources/tfjs-optimizers", name, "expected.json"), name);
    }

    /** 2 epochs of batch 4 without shuffling on the generator's 8 samples; losses and weights against TF.js's. */
    private static void trainAndCompare(Network m, Path expected, String name) throws Exception {
        JsonNode e = new ObjectMapper().readTree(expected.toFile());
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
