package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.CorpusRefusals;
import dev.engram.io.keras.GoldenCases;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.io.keras.h5.KerasCases;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, over the issue-12 corpus: every Keras (tf-keras 2.18 / Keras 3.10 .h5) and TF.js 4.22 corpus model that
 * Engram loads is written back as a TF.js model and loaded by the real TF.js 4.22 in Node, which must compute the
 * ORIGINAL peer's outputs (rtol 1e-5, atol 1e-6): no file Engram writes may compute something else in TF.js. A model
 * TF.js cannot express the same way (Keras 3's hard_sigmoid, Keras's masked mean) must be refused by the writer
 * with a reason. One Node process runs every model (src/test/interop/tfjs/predict_many.js).
 */
@Tag("interop")
@EnabledIf("dev.engram.io.keras.tfjs.TfjsNodeInteropTest#nodeAndTfjsInstalled")
class CorpusTfjsRoundTripTest {
    private static final Path INTEROP = Path.of("src/test/interop/tfjs").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** name -> {model file, cases.json}. */
    @Test
    void tfjsComputesWhatThePeerComputedFromEveryFileEngramWrites() throws Exception {
        Map<String, Path[]> corpus = CorpusRefusals.corpusModels();
        assertTrue(corpus.size() >= 70, "expected the corpus, found " + corpus.size());
        Map<String, String> outcome = new TreeMap<>();
        Map<String, List<GoldenCases.Case>> expected = new LinkedHashMap<>();
        ArrayNode jobs = JSON.createArrayNode();
        for (Map.Entry<String, Path[]> e : corpus.entrySet()) {
            Network model;
            try {
                model = KerasModels.load(e.getValue()[0]);
            } catch (ModelFormatException refused) {
                outcome.put(e.getKey(), "not loaded (documented refusal)");
                continue;
            }
            Path dir = tmp.resolve(e.getKey().replace('/', '_'));
            try {
                TfjsModelWriter.write(model, dir, TfjsWriteOptions.defaults());
            } catch (ModelFormatException refused) {
                assertFalse(refused.getMessage().isBlank());
                outcome.put(e.getKey(), "write refused: " + refused.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            List<GoldenCases.Case> cases = GoldenCases.read(e.getValue()[1]);
            expected.put(e.getKey(), cases);
            ObjectNode job = jobs.addObject();
            job.put("name", e.getKey());
            job.put("modelDir", dir.toString());
            ArrayNode cs = job.putArray("cases");
            for (GoldenCases.Case c : cases) {
                ArrayNode ins = cs.addObject().putArray("inputs");
                for (Tensor x : c.inputs()) {
                    ObjectNode t = ins.addObject();
                    t.set("shape", JSON.valueToTree(x.shape().toArray()));
                    t.set("data", JSON.valueToTree(x.toArray()));
                }
            }
        }
        Path jobsFile = tmp.resolve("jobs.json");
        Path resultsFile = tmp.resolve("results.json");
        JSON.writeValue(jobsFile.toFile(), jobs);
        Process p = new ProcessBuilder("node", INTEROP.resolve("predict_many.js").toString(), jobsFile.toString(),
                resultsFile.toString()).directory(INTEROP.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "node timed out");
        assertEquals(0, p.exitValue(), "node failed:\n" + log);
        JsonNode results = JSON.readTree(resultsFile.toFile());
        assertEquals("4.22.0", results.get("tfjsVersion").asText());
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<GoldenCases.Case>> e : expected.entrySet()) {
            JsonNode r = results.get("results").get(e.getKey());
            assertNotNull(r, e.getKey());
            if (r.has("error")) {
                failures.add(e.getKey() + ": TF.js cannot load Engram's file: " + r.get("error").asText());
                continue;
            }
            for (int c = 0; c < e.getValue().size(); c++) {
                GoldenCases.Case want = e.getValue().get(c);
                JsonNode got = r.get("outputs").get(c);
                assertEquals(want.outputs().size(), got.size(), e.getKey() + " outputs");
                for (int i = 0; i < got.size(); i++) {
                    try {
                        GoldenCases.assertClose(want.outputs().get(i), KerasCases.tensor(got.get(i)), 1e-5, 1e-6,
                                e.getKey() + "/" + want.name() + " output " + i);
                    } catch (AssertionError a) {
                        failures.add(a.getMessage());
                    }
                }
            }
            outcome.put(e.getKey(), "TF.js matches the peer");
        }
        outcome.forEach((k, v) -> System.out.println("[corpus -> TF.js] " + k + ": " + v));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
