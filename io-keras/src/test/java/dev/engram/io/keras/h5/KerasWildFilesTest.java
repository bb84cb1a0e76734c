package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.WeightAssignment;
import dev.engram.models.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every real Keras file in ../shared/fixtures/keras-wild (when present) either loads with every
 * weight assigned (WeightAssignment is strict on names and shapes) or is rejected with an
 * {@link UnsupportedLayerException} naming the layer; the set that loads is pinned below. Files with
 * stored outputs (*.expected.json) must match them (rtol 1e-5, atol 1e-5, the files' tolerance).
 */
class KerasWildFilesTest {
    /**
     * Files that load: every file except the Keras 1.1 Conv1D model (Keras 1 {@code Convolution1D},
     * with its 4-D Theano/TF kernel layout, is rejected with "Keras 1 Convolution1D is unsupported").
     * Keras 1 files with per-gate LSTM/GRU arrays, Bidirectional (forward_/backward_ prefixed),
     * Embedding, SimpleRNN and LSTM dropout_W/dropout_U load.
     */
    private static final List<String> REJECTED = List.of("keras1/seizure_conv1d_bilstm_keras_1_1_1.h5");

    static Path wildDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/keras-wild");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void everyWildFileLoadsOrIsRejectedPrecisely() throws IOException {
        Path dir = wildDir();
        Assumptions.assumeTrue(dir != null, "shared/fixtures/keras-wild not found");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".h5") && !f.toString().endsWith("_inputs_and_outputs.h5"))
                    .sorted().toList();
        }
        assertEquals(31, files.size(), "keras-wild model files");
        Map<String, String> outcome = new TreeMap<>();
        List<String> loaded = new ArrayList<>();
        List<String> formatErrors = new ArrayList<>();
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            try {
                Network m = KerasH5Reader.read(f);
                long params = m.parameters().stream().mapToLong(p -> p.shape().size()).sum();
                assertTrue(params > 0, rel + " loaded without weights");
                outcome.put(rel, "loaded, " + params + " weights");
                loaded.add(rel);
            } catch (UnsupportedLayerException e) {
                assertTrue(e.getMessage().contains(e.className()), e.getMessage());
                assertTrue(e.getMessage().startsWith(f.getFileName().toString()), e.getMessage());
                outcome.put(rel, "unsupported: " + e.className() + " (" + e.getMessage() + ")");
            } catch (ModelFormatException e) {
                outcome.put(rel, "FORMAT ERROR: " + e.getMessage());
                formatErrors.add(rel + ": " + e.getMessage());
            }
        }
        StringBuilder table = new StringBuilder("| file | outcome |\n|---|---|\n");
        outcome.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/keras-wild-outcomes.md"), table);
        assertEquals(List.of(), formatErrors, "files failing with a format error instead of loading or an"
                + " UnsupportedLayerException");
        List<String> expectedLoads = files.stream().map(f -> dir.relativize(f).toString().replace('\\', '/'))
                .filter(r -> !REJECTED.contains(r)).toList();
        assertTrue(outcome.get(REJECTED.get(0)).contains("Keras 1 Convolution1D is unsupported"), outcome.get(REJECTED.get(0)));
        assertEquals(expectedLoads, loaded, "files that load (see target/keras-wild-outcomes.md)\n" + table);
    }

    @Test
    void wildFilesWithStoredOutputsMatch() throws IOException {
        Path dir = wildDir();
        Assumptions.assumeTrue(dir != null, "shared/fixtures/keras-wild not found");
        List<Path> expected;
        try (Stream<Path> s = Files.walk(dir)) {
            expected = s.filter(f -> f.toString().endsWith(".expected.json")).sorted().toList();
        }
        assertEquals(4, expected.size());
        int matched = 0;
        for (Path e : expected) {
            JsonNode cases = KerasCases.read(e);
            Path model = e.resolveSibling(cases.get("model").asText());
            String rel = dir.relativize(model).toString().replace('\\', '/');
            if (REJECTED.contains(rel)) {
                continue;
            }
            JsonNode tol = cases.get("tolerance");
            KerasCases.assertCases(KerasH5Reader.read(model), cases, tol.get("rtol").asDouble(),
                    tol.get("atol").asDouble(), rel);
            matched++;
        }
        // All four: the two Keras 1 LSTM models (TF and Theano), SimpleRNN -> Dense, Dense -> Activation.
        assertEquals(4, matched, "wild files with stored outputs whose layers are supported");
    }
}
