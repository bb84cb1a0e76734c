package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every real Keras file of shared/fixtures/keras-wild against the outputs REAL Keras computes for it
 * (src/test/resources/keras-wild-reference, written by src/test/fixtures-gen/keras-wild/gen_wild_reference.py
 * with tf-keras 2.18 for Keras 1/2 files and Keras 3.10 for Keras 3 files).
 *
 * <p>Adapts to the engine's layer coverage: whenever {@link KerasH5Reader} loads a file, its predictions
 * must match the reference (rtol 1e-5, atol 1e-6) — or, for files real Keras cannot load (Keras 1), the
 * outputs stored with the file, if any. A file we do not load must be rejected with an
 * {@link UnsupportedLayerException} naming the layer and its class, or a {@link ModelFormatException}
 * naming the file and the feature. The outcome table is printed and written to
 * target/keras-wild-outcomes-reference.md; with {@code -Dkeras.wild.updateOutcomes=true} it also
 * replaces the committed src/test/resources/keras-wild-reference/OUTCOMES.md.
 */
class KerasWildReferenceTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;
    private static final Path REFERENCES = Path.of("src/test/resources/keras-wild-reference");

    @Test
    void everyWildFileMatchesRealKerasOrIsRejectedWithAReason() throws IOException {
        Path dir = KerasWildFilesTest.wildDir();
        Assumptions.assumeTrue(dir != null, "shared/fixtures/keras-wild not found");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".h5") && !f.toString().endsWith("_inputs_and_outputs.h5"))
                    .sorted().toList();
        }
        assertFalse(files.isEmpty());
        JsonNode notLoadedByKeras = FixtureCases.json(REFERENCES.resolve("NOT_LOADED.json"));
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("| file | keras_version | reference | Engram outcome |\n|---|---|---|---|\n");
        int matched = 0;
        int rejected = 0;
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            Path refFile = REFERENCES.resolve(rel + ".json");
            JsonNode ref = Files.exists(refFile) ? FixtureCases.json(refFile) : null;
            JsonNode keras = notLoadedByKeras.get(rel);
            String refText;
            String version;
            if (ref != null) {
                refText = ref.at("/producer/tool").asText() + " " + ref.at("/producer/version").asText();
                version = ref.at("/producer/fileKerasVersion").asText();
            } else {
                assertTrue(keras != null, rel + ": neither a reference nor a NOT_LOADED entry; rerun the generator");
                version = keras.get("fileKerasVersion").asText();
                refText = "none: " + keras.get("tool").asText() + " " + keras.get("version").asText()
                        + " cannot load it (" + shortError(keras.get("error").asText()) + ")";
            }
            String outcome;
            try {
                Network m = KerasH5Reader.read(f);
                if (ref != null) {
                    int before = failures.size();
                    compare(m, ref, rel, failures);
                    outcome = failures.size() == before ? "loaded, matches (" + ref.get("cases").size() + " cases)"
                            : "loaded, MISMATCH";
                    matched += failures.size() == before ? 1 : 0;
                } else {
                    Path stored = f.resolveSibling(f.getFileName().toString().replace(".h5", ".expected.json"));
                    if (Files.exists(stored)) {
                        JsonNode cases = FixtureCases.json(stored);
                        int before = failures.size();
                        compare(m, cases, rel, failures);
                        outcome = failures.size() == before ? "loaded, matches outputs stored with the file"
                                : "loaded, MISMATCH with stored outputs";
                        matched += failures.size() == before ? 1 : 0;
                    } else {
                        outcome = "loaded (" + m.parameters().stream().mapToLong(p -> p.shape().size()).sum() + " weights); no reference to compare";
                    }
                }
            } catch (UnsupportedLayerException e) {
                String msg = e.getMessage();
                if (!msg.startsWith(f.getFileName().toString()) || !msg.contains(e.className())
                        || !msg.contains(e.layerName())) {
                    failures.add(rel + ": unsupported-layer message must name file, layer and class: " + msg);
                }
                outcome = "rejected: " + e.layerName() + " (" + e.className() + "): " + e.detail();
                rejected++;
            } catch (ModelFormatException e) {
                String msg = e.getMessage();
                if (!msg.startsWith(f.getFileName().toString()) || e.detail().isBlank()) {
                    failures.add(rel + ": format error must name the file and the feature: " + msg);
                }
                if (version.startsWith("1.") && msg.contains("Keras 1") && !msg.contains("unsupported")) {
                    failures.add(rel + ": a Keras 1 rejection must say Keras 1 is unsupported: " + msg);
                }
                outcome = "rejected (format): " + (e.location().isEmpty() ? "" : e.location() + ": ") + e.detail();
                rejected++;
            }
            table.append("| ").append(rel).append(" | ").append(version).append(" | ").append(refText).append(" | ")
                    .append(outcome.replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        String doc = "# keras-wild outcomes\n\nGenerated by `KerasWildReferenceTest` (io-keras) for the engine of this commit."
                + " Reference = the real Keras that produced `keras-wild-reference/<file>.json`"
                + " (`src/test/fixtures-gen/keras-wild/gen_wild_reference.py`). Tolerance rtol 1e-5, atol 1e-6.\n\n"
                + table + "\nLoaded and matching: " + matched + "; rejected: " + rejected + "; files: " + files.size() + ".\n";
        System.out.println(doc);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/keras-wild-outcomes-reference.md"), doc);
        if (Boolean.getBoolean("keras.wild.updateOutcomes")) {
            Files.writeString(REFERENCES.resolve("OUTCOMES.md"), doc);
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures) + "\n\n" + doc);
        }
        assertTrue(matched > 0, "no wild file matched:\n" + doc);
    }

    private static String shortError(String error) {
        int cut = error.indexOf("Exception encountered:");
        String e = cut >= 0 ? error.substring(0, error.indexOf(':')) + ":" + error.substring(cut + 22) : error;
        e = e.replace("|", "/");
        return e.length() > 140 ? e.substring(0, 140) + "..." : e;
    }

    private static void compare(Network m, JsonNode cases, String rel, List<String> failures) {
        for (JsonNode c : cases.get("cases")) {
            Tensor x = input(c.get("inputs").get(0));
            Tensor expected = FixtureCases.tensor(c.get("outputs").get(0));
            Tensor got;
            try {
                got = m.predict(java.util.List.of(x)).get(0);
            } catch (RuntimeException e) {
                failures.add(rel + " case " + c.get("name").asText() + ": predict failed: " + e);
                continue;
            }
            FixtureCases.compare(got, expected, RTOL, ATOL, rel + " case " + c.get("name").asText(), failures);
        }
    }

    /** The stored input, or the generator's (gen_wild_reference.py: float32 of the double formula). */
    static Tensor input(JsonNode t) {
        if (t.has("data")) {
            return FixtureCases.tensor(t);
        }
        JsonNode s = t.get("shape");
        int[] dims = new int[s.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.get(i).asInt();
        }
        int n = Shape.of(dims).size();
        float[] v = new float[n];
        String gen = t.get("generator").asText();
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2.0 * Math.sin(0.37 * i + 0.1));
        }
        switch (gen) {
            case "sin" -> { }
            case "sin_last_two_steps_zero" -> {
                int steps = dims[1];
                int features = dims[2];
                for (int b = 0; b < dims[0]; b++) {
                    for (int step = steps - 2; step < steps; step++) {
                        java.util.Arrays.fill(v, (b * steps + step) * features, (b * steps + step + 1) * features, 0f);
                    }
                }
            }
            default -> fail("unknown input generator " + gen);
        }
        return Tensor.of(Shape.of(dims), v);
    }

    @Test
    void referencesCoverEveryFileRealKerasLoads() throws IOException {
        Path dir = KerasWildFilesTest.wildDir();
        Assumptions.assumeTrue(dir != null, "shared/fixtures/keras-wild not found");
        JsonNode notLoaded = FixtureCases.json(REFERENCES.resolve("NOT_LOADED.json"));
        long refs;
        try (Stream<Path> s = Files.walk(REFERENCES)) {
            refs = s.filter(p -> p.toString().endsWith(".h5.json")).count();
        }
        assertEquals(31, refs + notLoaded.size(), "references + files Keras cannot load = the 31 wild model files");
    }
}
