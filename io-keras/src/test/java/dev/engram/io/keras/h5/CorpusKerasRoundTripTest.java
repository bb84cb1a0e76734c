package dev.engram.io.keras.h5;

import dev.engram.io.keras.KerasH5Options;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.CorpusRefusals;
import dev.engram.io.keras.KerasH5Options;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, over the issue-12 corpus: every Keras and TF.js corpus model that Engram loads is written as a keras2-dialect
 * {@code .h5}, a keras3-dialect {@code .h5} and a {@code .keras}, and each file is loaded by the real tf-keras 2.18 and
 * Keras 3.10 (one process per reader, src/test/interop/keras/predict_many.py). Whatever a reader loads must compute
 * the ORIGINAL peer's outputs (rtol 1e-5, atol 1e-6); refusing the file is the other allowed outcome (e.g. Keras 3
 * refusing a keras2-dialect file that names {@code hard_sigmoid}). Writer refusals must give a reason. Opt-in
 * ({@link #enabled()}).
 */
@Tag("interop")
@EnabledIf("enabled")
class CorpusKerasRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/interop/keras/predict_many.py");

    @TempDir
    Path tmp;

    /**
     * The Keras venv is there and the run is asked for ({@code -Dengram.corpus.live=true}, as .ci/run does): about
     * 400 file loads, minutes of Keras time, so the default suite leaves it out.
     *
     * @return whether to run
     */
    static boolean enabled() {
        return Boolean.getBoolean("engram.corpus.live") && KerasInteropTest.pythonAvailable();
    }

    private record Written(String name, Path file, List<FixtureCases.Case> cases) {
    }

    @Test
    void everyKerasReaderThatLoadsEngramsFileComputesWhatThePeerComputed() throws Exception {
        Map<String, String> outcome = new TreeMap<>();
        List<Written> written = new ArrayList<>();
        for (Map.Entry<String, Path[]> e : CorpusRefusals.corpusModels().entrySet()) {
            Network model;
            try {
                model = KerasModels.load(e.getValue()[0]);
            } catch (ModelFormatException refused) {
                continue; // io-keras's documented refusals (CorpusRefusals)
            }
            List<FixtureCases.Case> cases = FixtureCases.read(e.getValue()[1]);
            Map<String, WriterCall> writers = new LinkedHashMap<>();
            writers.put("keras2.h5", f -> KerasH5Writer.write(model, f, KerasH5Options.defaults()));
            writers.put("keras3.h5", f -> KerasH5Writer.write(model, f, KerasH5Options.keras3()));
            writers.put("keras", f -> KerasV3Archive.write(model, f));
            for (Map.Entry<String, WriterCall> w : writers.entrySet()) {
                String name = e.getKey() + "." + w.getKey();
                Path file = tmp.resolve(e.getKey().replace('/', '_') + "_" + w.getKey().replace('.', '_')
                        + (w.getKey().equals("keras") ? ".keras" : ".h5"));
                try {
                    w.getValue().write(file);
                    written.add(new Written(name, file, cases));
                } catch (ModelFormatException refused) {
                    assertFalse(refused.getMessage().isBlank());
                    outcome.put(name, "write refused: " + refused.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        assertTrue(written.size() >= 100, "expected the corpus written three ways, found " + written.size());
        List<String> failures = new ArrayList<>();
        for (String reader : List.of("tfkeras2", "keras3")) {
            ObjectNode results = JSON.createObjectNode();
            // chunks of 40 files per process keep each run well inside KerasInteropTest.run's 300 s
            for (int from = 0; from < written.size(); from += 40) {
                ArrayNode jobs = JSON.createArrayNode();
                for (Written w : written.subList(from, Math.min(written.size(), from + 40))) {
                    ObjectNode job = jobs.addObject();
                    job.put("name", w.name());
                    job.put("model", w.file().toAbsolutePath().toString());
                    ArrayNode cs = job.putArray("cases");
                    for (FixtureCases.Case c : w.cases()) {
                        KerasPeerBatch.addCase(cs, c.inputs());
                    }
                }
                Path jobsFile = tmp.resolve("jobs-" + reader + "-" + from + ".json");
                Path out = tmp.resolve("results-" + reader + "-" + from + ".json");
                JSON.writeValue(jobsFile.toFile(), jobs);
                KerasInteropTest.run(List.of(KerasInteropTest.python().toString(), SCRIPT.toString(), "--dialect",
                        reader, "--jobs", jobsFile.toString(), "--output", out.toString()), tmp);
                results.setAll((ObjectNode) JSON.readTree(out.toFile()).get("results"));
            }
            for (Written w : written) {
                JsonNode r = results.get(w.name());
                assertNotNull(r, w.name());
                String key = w.name() + " in " + reader;
                if (r.has("error")) {
                    outcome.put(key, "reader refuses: " + r.get("error").asText().split("\n", 2)[0]);
                    continue;
                }
                boolean ok = true;
                for (int c = 0; c < w.cases().size(); c++) {
                    List<Tensor> want = w.cases().get(c).outputs();
                    JsonNode got = r.get("outputs").get(c);
                    if (got.size() != want.size()) {
                        failures.add(key + ": " + got.size() + " outputs, expected " + want.size());
                        ok = false;
                        continue;
                    }
                    for (int i = 0; i < want.size(); i++) {
                        List<String> f = new ArrayList<>();
                        FixtureCases.compare(FixtureCases.tensor(got.get(i)), want.get(i), 1e-5, 1e-6,
                                key + " case " + w.cases().get(c).name() + " output " + i, f);
                        ok &= f.isEmpty();
                        failures.addAll(f);
                    }
                }
                outcome.put(key, ok ? "loads, same numbers as the peer" : "LOADS WITH OTHER NUMBERS");
            }
        }
        outcome.forEach((k, v) -> System.out.println("[corpus -> Keras] " + k + ": " + v));
        assertTrue(failures.isEmpty(), "a reader loads an Engram file and computes other numbers:\n"
                + String.join("\n", failures));
    }

    /** One writer call. */
    @FunctionalInterface
    private interface WriterCall {
        void write(Path file) throws Exception;
    }
}
