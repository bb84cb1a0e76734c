package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.testing.FixturePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} and {@code compare} on committed and shared fixtures, run on the packaged jar. */
class PredictCompareIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void compareAllCommittedTfjsAndOnnxFixturesPass() {
        List<Path> dirs = new ArrayList<>();
        for (String f : new String[] {"dense_activations_forward", "lstm_adam_ragged_batch", "lstm_no_bias_forward",
            "lstm_options_forward", "lstm_stack_rmsprop", "softmax_classifier_momentum"}) {
            dirs.add(FixturePaths.tfjs(f));
        }
        for (String f : new String[] {"bigru_batchfirst_last", "lstm2_batchfirst_perstep", "lstm_initial_state_inputs",
            "rnn_relu2_seqfirst_hn"}) {
            dirs.add(Cli.repo("io-onnx/src/test/resources/torch-onnx/" + f));
        }
        dirs.parallelStream().forEach(d -> {
            Path model = Files.exists(d.resolve("model.onnx")) ? d.resolve("model.onnx") : d;
            Cli.Result r = Cli.inProcess("compare", model.toString(), "--cases", d.resolve("cases.json").toString());
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("PASS: ") && !r.out().contains("FAIL"), r::toString);
        });
    }

    @Test
    void compareCommittedKerasFixturesInEveryContainer() {
        Path k = Cli.repo("io-keras/src/test/resources/keras");
        Stream.of(k.resolve("tfkeras2/lstm_stacked_return_sequences.h5"), k.resolve("keras3/lstm_go_backwards.h5"),
                k.resolve("keras3/lstm_no_bias.keras"), k.resolve("tfkeras2/dense_activations.h5")).parallel()
                .forEach(m -> {
                    String base = m.getFileName().toString().replaceFirst("\\.(h5|keras)$", "");
                    Cli.Result r = Cli.inProcess("compare", m.toString(), "--cases",
                            m.resolveSibling(base + ".cases.json").toString());
                    assertEquals(0, r.exit(), r::toString);
                });
    }

    @Test
    void compareSharedFixtures() throws IOException {
        Path shared = Cli.sharedFixtures();
        assumeTrue(shared != null, "shared/fixtures not found");
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(shared.resolve("tfjs"))) {
            s.filter(Files::isDirectory).forEach(dirs::add);
        }
        try (Stream<Path> s = Files.list(shared.resolve("torch-onnx"))) {
            s.filter(Files::isDirectory).forEach(dirs::add);
        }
        List<String> passed = new ArrayList<>();
        dirs.parallelStream().forEach(d -> {
            boolean onnx = Files.exists(d.resolve("model.onnx"));
            String name = d.getFileName().toString();
            String[] args = {"compare", (onnx ? d.resolve("model.onnx") : d).toString(), "--cases",
                d.resolve("cases.json").toString()};
            // Two through the packaged jar, the rest in-process (a JVM start each would cost seconds).
            Cli.Result r = name.equals("lstm_tutorial") || name.equals("lstm1_batchfirst_last") ? Cli.run(args)
                    : Cli.inProcess(args);
            // Every shared fixture loads and passes (TF.js GRU, Bidirectional, Embedding, Conv1D, TimeDistributed ...).
            assertEquals(0, r.exit(), r::toString);
            synchronized (passed) {
                passed.add(d.getFileName().toString());
            }
        });
        assertTrue(passed.contains("lstm_tutorial") && passed.contains("lstm1_batchfirst_last")
                && passed.contains("gru2_seqfirst_hn") && passed.contains("gru_basic")
                && passed.contains("bidirectional_lstm_sum_sequences"), passed::toString);
    }

    @Test
    void predictOneCaseAnswersWithRoundTrippingFloats() throws IOException {
        Path fixture = FixturePaths.tfjs("lstm_options_forward");
        JsonNode cases = JSON.readTree(fixture.resolve("cases.json").toFile());
        JsonNode c = cases.get("cases").get(cases.get("cases").size() - 1);
        ObjectNode one = JSON.createObjectNode();
        one.set("inputs", c.get("inputs"));
        Path in = tmp.resolve("one.json");
        JSON.writeValue(in.toFile(), one);

        Cli.Result r = Cli.run("predict", fixture.toString(), "--input", in.toString());
        assertEquals(0, r.exit(), r::toString);
        JsonNode answer = JSON.readTree(r.out());
        JsonNode got = answer.get("outputs").get(0);
        JsonNode exp = c.get("outputs").get(0);
        assertEquals(exp.get("shape"), got.get("shape"));
        assertEquals("float32", got.get("dtype").asText());
        for (int i = 0; i < exp.get("data").size(); i++) {
            float e = (float) exp.get("data").get(i).asDouble();
            float g = (float) got.get("data").get(i).asDouble();
            assertTrue(Math.abs(g - e) <= 1e-6f + 1e-5f * Math.abs(e), i + ": " + g + " vs " + e);
        }
        // Every printed number is the shortest text of its float32: parse, cast, print again = same text.
        Matcher m = Pattern.compile("\"data\" : \\[ ([^\\]]*) \\]").matcher(r.out());
        assertTrue(m.find(), r::toString);
        for (String s : m.group(1).split(", ")) {
            assertEquals(s, Float.toString((float) Double.parseDouble(s)));
        }
    }

    @Test
    void predictWholeCasesFileThenCompareItsAnswerIsExact() throws IOException {
        Path model = Cli.repo("io-onnx/src/test/resources/torch-onnx/lstm_initial_state_inputs/model.onnx");
        Path cases = model.resolveSibling("cases.json");
        Path answer = tmp.resolve("answer.json");
        Cli.Result p = Cli.run("predict", model.toString(), "-i", cases.toString(), "-o", answer.toString());
        assertEquals(0, p.exit(), p::toString);
        assertEquals("", p.out());
        JsonNode doc = JSON.readTree(answer.toFile());
        assertEquals("Engram", doc.get("producer").get("tool").asText());
        assertEquals(JSON.readTree(cases.toFile()).get("cases").size(), doc.get("cases").size());
        assertEquals(3, doc.get("cases").get(0).get("inputs").size());

        Cli.Result c = Cli.run("compare", model.toString(), "--cases", answer.toString(), "--rtol", "0", "--atol", "0");
        assertEquals(0, c.exit(), c::toString);
        assertTrue(c.out().contains("max abs 0.000e+00  max rel 0.000e+00") && c.out().contains("(from flags)"),
                c::toString);
    }

    @Test
    void predictCsvMatchesJsonForThreeDimensionalInput() throws IOException {
        Path fixture = FixturePaths.tfjs("lstm_stack_rmsprop");
        JsonNode c = JSON.readTree(fixture.resolve("cases.json").toFile()).get("cases").get(1);
        JsonNode in = c.get("inputs").get(0);
        int batch = in.get("shape").get(0).asInt();
        int per = in.get("data").size() / batch;
        StringBuilder csv = new StringBuilder("# one window per line: t0f0,t0f1,t0f2,t1f0,...\n");
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < per; j++) {
                csv.append(j == 0 ? "" : ",").append(in.get("data").get(b * per + j).asText());
            }
            csv.append('\n');
        }
        Path csvFile = tmp.resolve("windows.csv");
        Files.writeString(csvFile, csv);
        Cli.Result r = Cli.run("predict", fixture.toString(), "--input", csvFile.toString());
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(batch + 1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("dense_Dense1[0],dense_Dense1[1]"), r::toString);
        JsonNode exp = c.get("outputs").get(0).get("data");
        int outPer = exp.size() / batch;
        for (int b = 0; b < batch; b++) {
            String[] cells = lines.get(b + 1).split(",");
            assertEquals(outPer, cells.length);
            for (int j = 0; j < outPer; j++) {
                float e = (float) exp.get(b * outPer + j).asDouble();
                float g = Float.parseFloat(cells[j]);
                assertTrue(Math.abs(g - e) <= 1e-6f + 1e-5f * Math.abs(e), g + " vs " + e);
            }
        }
        // Explicit --shape with a free dimension gives the same answer.
        Cli.Result shaped = Cli.inProcess("predict", fixture.toString(), "--input", csvFile.toString(), "--shape", "-1,3");
        assertEquals(r.out(), shaped.out(), shaped::toString);
    }

    @Test
    void compareFailsOutsideToleranceAndFlagsOverrideTheFile() throws IOException {
        Path fixture = FixturePaths.tfjs("lstm_no_bias_forward");
        ObjectNode cases = (ObjectNode) JSON.readTree(fixture.resolve("cases.json").toFile());
        ArrayNode data = (ArrayNode) cases.get("cases").get(0).get("outputs").get(0).get("data");
        data.set(0, data.get(0).asDouble() + 1e-3);
        ((ObjectNode) cases.get("tolerance")).put("atol", 1e-6);
        Path bad = tmp.resolve("perturbed.json");
        JSON.writeValue(bad.toFile(), cases);

        Cli.Result fail = Cli.run("compare", fixture.toString(), "--cases", bad.toString());
        assertEquals(1, fail.exit(), fail::toString);
        assertTrue(fail.out().contains("FAIL  max abs 1.000e-03") && fail.out().contains("(1 of")
                && fail.out().contains("(from the cases file)") && fail.out().startsWith("Comparing"), fail::toString);
        assertTrue(fail.out().contains("FAIL: "), fail::toString);

        Cli.Result loose = Cli.inProcess("compare", fixture.toString(), "--cases", bad.toString(), "--atol", "2e-3");
        assertEquals(0, loose.exit(), loose::toString);
        assertTrue(loose.out().contains("atol 0.002 (from flags)"), loose::toString);

        ((ObjectNode) cases).remove("tolerance");
        Path noTol = tmp.resolve("no-tolerance.json");
        JSON.writeValue(noTol.toFile(), cases);
        Cli.Result defaults = Cli.inProcess("compare", fixture.toString(), "--cases", noTol.toString());
        assertEquals(1, defaults.exit(), defaults::toString);
        assertTrue(defaults.out().contains("rtol 1.0E-5, atol 1.0E-6 (from defaults)"), defaults::toString);
    }
}
