package dev.engram.io.keras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.h5.KerasInteropTest;
import dev.engram.models.Network;
import dev.engram.regularizers.ActivityScaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live: the real tf-keras 2.18 and Keras 3.10 train what Engram writes exactly as they trained their own
 * files. Each activity-regularizer fixture ({@link ActivityRegularizerParityTest}) is loaded by Engram and
 * saved in its dialect (tf-keras: Keras 2 .h5; Keras 3: Keras 3 .h5 and .keras, with the training
 * config), then {@code gen_activity_regularizer.py retrain} loads each file in Keras, compiles it with the
 * generator's optimizer (tf-keras 2.18 builds a legacy optimizer from Engram's Keras 2 training config, whose
 * momentum on an Embedding's sparse gradient differs: a training-config matter, not this one) and runs the same
 * {@code train_on_batch} steps: the losses and the weights after must be those of the committed fixture,
 * so the written {@code activity_regularizer} keys and ActivityRegularization layers mean to Keras what they
 * meant in the file Keras wrote (one Python process per dialect).
 */
@Tag("interop")
@EnabledIf("pythonAvailable")
class ActivityRegularizerInteropTest {
    private static final Path SCRIPT = Path.of("src/test/fixtures-gen/keras/gen_activity_regularizer.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static boolean pythonAvailable() {
        return KerasInteropTest.pythonAvailable();
    }

    @Test
    void kerasTrainsEngramsFilesAsItTrainedItsOwn() throws Exception {
        int files = 0;
        List<String> failures = new java.util.ArrayList<>();
        for (String dialect : List.of("tfkeras2", "keras3")) {
            boolean keras3 = dialect.equals("keras3");
            ActivityScaling scaling = keras3 ? ActivityScaling.SUM : ActivityScaling.BATCH_MEAN;
            ArrayNode jobs = JSON.createArrayNode();
            List<Path> fixtures;
            try (Stream<Path> s = Files.list(ActivityRegularizerParityTest.DIR.resolve(dialect))) {
                fixtures = s.filter(p -> p.toString().endsWith(".training.json")).sorted().toList();
            }
            for (Path training : fixtures) {
                String name = training.getFileName().toString().replace(".training.json", "");
                Network model = ActivityRegularizerParityTest.load(training.resolveSibling(name + ".h5"), scaling);
                SaveOptions options = SaveOptions.defaults().withH5Dialect(keras3 ? KerasDialect.KERAS_3
                        : KerasDialect.KERAS_2);
                for (KerasFormat format : keras3 ? List.of(KerasFormat.H5, KerasFormat.KERAS) : List.of(KerasFormat.H5)) {
                    Path out = tmp.resolve(dialect + "_" + name + (format == KerasFormat.H5 ? ".h5" : ".keras"));
                    KerasModels.save(model, out, format, options);
                    jobs.addObject().put("model", out.toString()).put("name", name)
                            .put("training", training.toAbsolutePath().toString());
                }
            }
            Path jobsFile = tmp.resolve(dialect + "-jobs.json");
            JSON.writeValue(jobsFile.toFile(), jobs);
            Path result = tmp.resolve(dialect + "-retrained.json");
            KerasInteropTest.run(List.of(KerasInteropTest.python().toString(), SCRIPT.toString(), "retrain",
                    "--dialect", dialect, "--jobs", jobsFile.toString(), "--output", result.toString()), tmp);
            JsonNode retrained = JSON.readTree(result.toFile());
            for (JsonNode job : jobs) {
                String model = job.get("model").asText();
                JsonNode r = retrained.get(model);
                assertFalse(r.has("error"), model + ": " + r.path("error").asText());
                JsonNode fixture = JSON.readTree(Path.of(job.get("training").asText()).toFile());
                for (int i = 0; i < fixture.get("steps").size(); i++) {
                    double want = fixture.get("steps").get(i).get("loss").asDouble();
                    assertEquals(want, r.get("losses").get(i).asDouble(), ActivityRegularizerParityTest.LOSS_RTOL
                            * Math.abs(want), model + " step " + (i + 1) + " loss in " + dialect);
                }
                try {
                    assertSameWeights(fixture.get("weightsAfter"), r.get("weightsAfter"), model);
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
                files++;
            }
        }
        assertEquals(14, files);
        assertEquals(List.of(), failures);
    }

    /** Keras's weights after training Engram's file against those after training its own, layer by layer. */
    private static void assertSameWeights(JsonNode want, JsonNode got, String model) {
        assertEquals(want.size(), got.size(), model + ": layers with weights");
        want.fields().forEachRemaining(e -> {
            JsonNode g = got.get(e.getKey());
            assertEquals(e.getValue().size(), g == null ? -1 : g.size(), model + " layer " + e.getKey());
            for (int i = 0; i < g.size(); i++) {
                for (int j = 0; j < g.get(i).size(); j++) {
                    double w = e.getValue().get(i).get(j).asDouble();
                    assertEquals(w, g.get(i).get(j).asDouble(), ActivityRegularizerParityTest.WEIGHT_RTOL * Math.abs(w)
                            + ActivityRegularizerParityTest.WEIGHT_ATOL, model + " " + e.getKey() + " weight " + i
                            + "[" + j + "]");
                }
            }
        });
    }
}
