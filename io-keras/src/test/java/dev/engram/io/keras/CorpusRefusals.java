package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The peer-made corpus (issue 12): its files, and the fixtures that Engram refuses today, each with the reason its error must state.
 * A listed fixture either fails to load with an exception whose message contains the reason, or, once the missing
 * layer or activation is implemented, loads and then must match the peer like every other fixture: no outcome
 * accepts other numbers. The same list is in io-keras/src/test/fixtures-gen/CORPUS.md.
 */
public final class CorpusRefusals {
    /** Fixture name to reason (both Keras dialects share the names of corpus_table.py). */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            // not a corpus file: Keras 3.10's TensorFlow backend misplaces these biases (Keras3BiasAdd); tf-keras matches
            Map.entry("multi_head_attention_key_dim1", "Keras 3.10's TensorFlow backend adds the query bias [3, 1] along "
                    + "axis 1 instead of per head"));

    private CorpusRefusals() {
    }

    /**
     * Every corpus model of this module, run from the io-keras folder: the Keras {@code .h5} files of both dialects
     * ({@code tfkeras2/corpus_x}) and the TF.js folders ({@code corpus_tfjs_x}).
     *
     * @return name to {model file, cases.json}, sorted within each kind
     * @throws IOException if a folder cannot be listed
     */
    public static Map<String, Path[]> corpusModels() throws IOException {
        Map<String, Path[]> m = new LinkedHashMap<>();
        for (String dialect : List.of("tfkeras2", "keras3")) {
            try (Stream<Path> s = Files.list(Path.of("src/test/resources/keras", dialect))) {
                s.filter(f -> f.getFileName().toString().matches("corpus_.*\\.cases\\.json")).sorted().forEach(c -> {
                    String base = c.getFileName().toString().replace(".cases.json", "");
                    m.put(dialect + "/" + base, new Path[] {c.resolveSibling(base + ".h5"), c});
                });
            }
        }
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/tfjs"))) {
            s.filter(d -> d.getFileName().toString().startsWith("corpus_tfjs_")).sorted()
                    .forEach(d -> m.put(d.getFileName().toString(), new Path[] {d.resolve("model.json"), d.resolve("cases.json")}));
        }
        return m;
    }

    /**
     * The reason Engram gives for refusing a fixture.
     *
     * @param fixture the fixture's name, optionally after a dialect folder ({@code keras3/NAME})
     * @return the reason, or null when the fixture must load and match
     */
    public static String reason(String fixture) {
        return REFUSED.get(fixture.substring(fixture.lastIndexOf('/') + 1));
    }

    /** A fixture body: loads and compares, throwing whatever the loader throws. */
    @FunctionalInterface
    public interface Check {
        /**
         * Loads the fixture and compares every case.
         *
         * @throws Exception what loading throws
         */
        void run() throws Exception;
    }

    /**
     * Runs {@code check}; a listed fixture may instead fail with an exception naming its documented reason.
     *
     * @param fixture the fixture's name, optionally after a dialect folder
     * @param check   loads and compares every case
     * @throws Exception any failure of an unlisted fixture, or a listed one failing for another reason
     */
    public static void loadAndMatchOrRefuse(String fixture, Check check) throws Exception {
        String reason = reason(fixture);
        if (reason == null) {
            check.run();
            return;
        }
        try {
            check.run();
        } catch (AssertionError e) {
            throw e; // it loaded: wrong numbers are never an accepted outcome
        } catch (Exception e) {
            assertTrue(String.valueOf(e.getMessage()).contains(reason),
                    fixture + ": expected a refusal stating \"" + reason + "\", got " + e);
        }
    }
}
