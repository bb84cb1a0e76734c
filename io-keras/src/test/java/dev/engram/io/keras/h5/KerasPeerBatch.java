package dev.engram.io.keras.h5;

import static dev.engram.io.keras.h5.KerasInteropTest.python;
import static dev.engram.io.keras.h5.KerasInteropTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files to run in the real Keras, one Python process per dialect for all of them ({@code predict_many.py}):
 * importing TensorFlow costs seconds per process, and one process per file made the interop test the suite's
 * slowest. Each file is expected to load and predict Engram's numbers (rtol 1e-5, atol 1e-6), or to be
 * refused with a given message.
 */
final class KerasPeerBatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;
    private static final Path BATCH_SCRIPT = Path.of("src/test/interop/keras/predict_many.py");

    private final Path tmp;

    KerasPeerBatch(Path tmp) {
        this.tmp = tmp;
    }

    /**
     * Adds one case of {@code predict_many.py}'s jobs file: the model's inputs as shape and data.
     *
     * @param cases the job's {@code cases} array
     * @param xs one tensor per model input
     */
    static void addCase(ArrayNode cases, List<Tensor> xs) {
        var ins = cases.addObject().putArray("inputs");
        for (Tensor x : xs) {
            ObjectNode t = ins.addObject();
            t.set("shape", JSON.valueToTree(x.shape().toArray()));
            t.set("data", JSON.valueToTree(x.toArray()));
        }
    }

    /** {@code refusal} non-null: the reader must refuse the file with an error containing it. */
    private record Job(String name, Path model, List<Tensor> xs, List<Tensor> want, String refusal,
            String what) { }

    private final Map<String, List<Job>> byDialect = new LinkedHashMap<>();

    void add(String dialect, Path model, List<Tensor> xs, List<Tensor> want, String what) {
        List<Job> jobs = byDialect.computeIfAbsent(dialect, d -> new ArrayList<>());
        jobs.add(new Job("job" + jobs.size(), model, xs, want, null, what));
    }

    void refuse(String dialect, Path model, String refusal, String what) {
        List<Job> jobs = byDialect.computeIfAbsent(dialect, d -> new ArrayList<>());
        jobs.add(new Job("job" + jobs.size(), model, List.of(), List.of(), refusal, what));
    }

    /** Runs every dialect's files; returns every refusal and every difference from Engram's numbers. */
    List<String> check() throws Exception {
        List<String> failures = new ArrayList<>();
        for (var e : byDialect.entrySet()) {
            var jobsJson = JSON.createArrayNode();
            for (Job job : e.getValue()) {
                ObjectNode j = jobsJson.addObject().put("name", job.name()).put("model", job.model().toString());
                var cases = j.putArray("cases"); // none for a refusal: loading is the whole check
                if (job.refusal() != null) {
                    continue;
                }
                addCase(cases, job.xs());
            }
            Path jobsFile = tmp.resolve("jobs-" + e.getKey() + "-" + System.nanoTime() + ".json");
            Path out = tmp.resolve("results-" + e.getKey() + "-" + System.nanoTime() + ".json");
            JSON.writeValue(jobsFile.toFile(), jobsJson);
            run(List.of(python().toString(), BATCH_SCRIPT.toString(), "--dialect", e.getKey(), "--jobs",
                    jobsFile.toString(), "--output", out.toString()), tmp);
            JsonNode results = JSON.readTree(out.toFile()).get("results");
            for (Job job : e.getValue()) {
                JsonNode r = results.get(job.name());
                if (job.refusal() != null) {
                    String error = r != null && r.has("error") ? r.get("error").asText() : null;
                    if (error == null || !error.contains(job.refusal())) {
                        failures.add(job.what() + ": expected a refusal containing '" + job.refusal()
                                + "', got " + (error == null ? "a loaded model" : error));
                    }
                    continue;
                }
                if (r == null || r.has("error")) {
                    failures.add(job.what() + ": " + (r == null ? "no result" : r.get("error").asText()));
                    continue;
                }
                List<Tensor> got = new ArrayList<>();
                r.get("outputs").get(0).forEach(t -> got.add(FixtureCases.tensor(t)));
                if (got.size() != job.want().size()) {
                    failures.add(job.what() + ": " + got.size() + " outputs");
                    continue;
                }
                for (int i = 0; i < got.size(); i++) {
                    FixtureCases.compare(got.get(i), job.want().get(i), RTOL, ATOL, job.what() + " output " + i,
                            failures);
                }
            }
        }
        return failures;
    }
}
