package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasModels;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Adam;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live round trip (5) of issue 4 with the real TensorFlow.js 4.22 (src/test/interop/tfjs/train_resume.js):
 * TF.js trains an LSTM -> Dense(tanh) model with Adam for 3 epochs and saves it with its optimizer state;
 * Engram loads it (predictions equal TF.js's at rtol 1e-5 / atol 1e-6, Adam hyper-parameters and
 * iteration count restored), trains 2 more epochs from the restored state while TF.js does the same from
 * its own in-memory state, and the final weights agree at rtol 1e-4 / atol 1e-5. Runs when {@code node}
 * is on the PATH and {@code npm ci} has been run in src/test/interop/tfjs.
 */
@Tag("interop")
@EnabledIf("dev.engram.io.keras.tfjs.TfjsNodeInteropTest#nodeAndTfjsInstalled")
class TfjsTrainResumeInteropTest {
    private static final Path INTEROP = Path.of("src/test/interop/tfjs").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void tfjsTrainsEngramLoadsPredictsAndResumesTrainingLikeTfjs() throws Exception {
        Process p = new ProcessBuilder("node", INTEROP.resolve("train_resume.js").toString(), tmp.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "node timed out");
        assertEquals(0, p.exitValue(), "node failed:\n" + log);
        JsonNode rec = new ObjectMapper().readTree(tmp.resolve("record.json").toFile());
        assertEquals("4.22.0", rec.get("tfjsVersion").asText());

        Sequential m = KerasModels.loadSequential(tmp.resolve("model"));
        Adam adam = assertInstanceOf(Adam.class, m.optimizer());
        assertEquals(0.02, adam.learningRate(), 1e-9);
        assertEquals(9, adam.iterations(), "3 epochs x 12 samples / batch 4");
        FixtureCases.assertClose(FixtureCases.tensor(rec.get("predictions")), m.predict(FixtureCases.tensor(rec.get("xPred"))),
                1e-5, 1e-6, "predictions of the TF.js-trained model");

        m.fit(FixtureCases.tensor(rec.get("x")), FixtureCases.tensor(rec.get("y")), FitOptions.epochs(rec.get("epochsAfter").asInt())
                .withBatchSize(rec.get("batchSize").asInt()).withShuffle(false));
        List<Tensor> got = m.getWeights();
        JsonNode want = rec.get("finalWeights");
        assertEquals(want.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            Tensor w = FixtureCases.tensor(want.get(i));
            FixtureCases.assertClose(w, got.get(i).reshape(w.shape()), 1e-4, 1e-5,
                    "weight " + want.get(i).get("name").asText() + " after 2 resumed epochs");
        }
        assertEquals(15, adam.iterations());
    }
}
