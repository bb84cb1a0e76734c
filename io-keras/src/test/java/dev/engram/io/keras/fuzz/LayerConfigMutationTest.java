package dev.engram.io.keras.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.ModelFileException;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.hostile.TimeLimit;
import dev.engram.testing.hostile.OpenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layer configurations, the class of file the byte-level fuzzers rarely reach: every field of every
 * layer config in the TF.js fixtures and the Keras 3 archives (one file per layer class and field) is replaced by a value a hostile or
 * careless writer could put there (zero, negative, huge, fractional, the wrong type, null, an empty or
 * over-long list). The mutated file is read and, when it loads, predicts on a batch of zeros of its input
 * shape. Two outcomes are accepted from the reader: a model or a {@link ModelFileException}; from predict on a
 * loaded model: numbers, or an {@link IllegalArgumentException} with a message. Anything else (a
 * NullPointerException, an index or arithmetic exception, a negative array size, an out-of-memory, a hang) is
 * a finding that names the file, the layer class, the field and the value.
 */
class LayerConfigMutationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** TF.js fixtures of every layer family: io-keras's corpus and the engine's training/forward records. */
    private static final List<Path> ROOTS = List.of(Path.of("src/test/resources/tfjs"),
            Path.of("src/test/resources/tfjs-preprocessing"), Path.of("../engine/src/test/resources/tfjs"));
    private static final long SECONDS_PER_CASE = 20;

    @TempDir
    Path tmp;

    /** Every hostile file read here was closed again, however its read ended. */
    @AfterEach
    void noHostileFileLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp), "files left open by a failed read");
    }

    /** One file form: where its fixtures are, how its config is read and a mutated one written, how it loads. */
    private interface Form {
        List<Path> fixtures() throws IOException;

        JsonNode config(Path fixture) throws IOException;

        /** Writes a copy of {@code fixture} with {@code config} in place of its own; returns the file to read. */
        Path write(Path fixture, JsonNode config, Path dir) throws IOException;

        Network read(Path file) throws IOException;
    }

    /** TF.js: model.json beside its weight shards. */
    private final Form tfjs = new Form() {
        @Override
        public List<Path> fixtures() throws IOException {
            return LayerConfigMutationTest.fixtures();
        }

        @Override
        public JsonNode config(Path fixture) throws IOException {
            return JSON.readTree(fixture.toFile());
        }

        @Override
        public Path write(Path fixture, JsonNode config, Path dir) throws IOException {
            Path file = dir.resolve("model.json");
            JSON.writeValue(file.toFile(), config);
            return file;
        }

        @Override
        public Network read(Path file) throws IOException {
            return TfjsModelReader.read(file, KerasReadersFuzzTest.LIMITS);
        }
    };

    /** Keras 3 {@code .keras}: config.json in the zip beside model.weights.h5. */
    private final Form keras3 = new Form() {
        @Override
        public List<Path> fixtures() throws IOException {
            try (Stream<Path> s = Files.list(Path.of("src/test/resources/keras/keras3"))) {
                return s.filter(p -> p.toString().endsWith(".keras")).sorted().toList();
            }
        }

        @Override
        public JsonNode config(Path fixture) throws IOException {
            try (var zip = new java.util.zip.ZipFile(fixture.toFile())) {
                return JSON.readTree(zip.getInputStream(zip.getEntry("config.json")));
            }
        }

        @Override
        public Path write(Path fixture, JsonNode config, Path dir) throws IOException {
            Path file = dir.resolve("model.keras");
            try (var zip = new java.util.zip.ZipFile(fixture.toFile());
                    var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                for (var e : java.util.Collections.list(zip.entries())) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    if (e.getName().equals("config.json")) {
                        out.write(JSON.writeValueAsBytes(config));
                    } else {
                        zip.getInputStream(e).transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return file;
        }

        @Override
        public Network read(Path file) throws IOException {
            return KerasV3Archive.read(file, KerasReadersFuzzTest.LIMITS);
        }
    };

    @Test
    void everyMutatedLayerFieldLoadsOrFailsPrecisely() throws Exception {
        mutateLayerFields(tfjs, "tfjs", 40);
    }

    /** The same for Keras 3 archives, whose configs carry Keras 3's own fields (module, registered_name, build_config). */
    @Test
    void everyMutatedKeras3LayerFieldLoadsOrFailsPrecisely() throws Exception {
        mutateLayerFields(keras3, "keras3", 40);
    }

    private void mutateLayerFields(Form form, String tag, int minFixtures) throws Exception {
        List<Path> models = form.fixtures();
        assertTrue(models.size() >= minFixtures, "fixtures found: " + models.size());
        Set<String> seen = new HashSet<>();
        List<String> findings = new ArrayList<>();
        int cases = 0;
        for (Path model : models) {
            JsonNode original = form.config(model);
            Path dir = form == tfjs ? copyShards(model) : Files.createDirectories(tmp.resolve(tag));
            List<ObjectNode> layers = new ArrayList<>();
            collectLayers(original, layers);
            for (int li = 0; li < layers.size(); li++) {
                ObjectNode layer = layers.get(li);
                String cls = layer.path("class_name").asText();
                JsonNode config = layer.path("config");
                List<String> fields = new ArrayList<>();
                config.fieldNames().forEachRemaining(fields::add);
                for (String field : fields) {
                    if (field.equals("name") || field.equals("layers") || !seen.add(cls + "." + field)) {
                        continue;
                    }
                    for (JsonNode value : HostileJsonValues.replacing(config.get(field))) {
                        JsonNode copy = original.deepCopy();
                        List<ObjectNode> copied = new ArrayList<>();
                        collectLayers(copy, copied);
                        ((ObjectNode) copied.get(li).get("config")).set(field, value);
                        cases += check(form, copy, dir, model, cls + "." + field + "=" + value, findings);
                    }
                }
            }
        }
        System.out.println("[config mutation " + tag + "] " + cases + " mutated files, " + seen.size() + " layer fields");
        assertEquals(List.of(), findings, findings.size() + " of " + cases + " mutated files");
    }

    /**
     * The graph's edges in every functional fixture: each layer's {@code inbound_nodes} and the model's
     * {@code input_layers}/{@code output_layers} pointing at missing layers, at the layer itself or a later
     * one (a cycle), at node or tensor indices out of range, or in the wrong nesting.
     */
    @Test
    void everyMutatedGraphEdgeLoadsOrFailsPrecisely() throws Exception {
        List<String> findings = new ArrayList<>();
        int cases = 0;
        for (Path model : fixtures()) {
            JsonNode original = JSON.readTree(model.toFile());
            List<ObjectNode> layers = new ArrayList<>();
            collectLayers(original.path("modelTopology"), layers);
            if (layers.stream().noneMatch(l -> l.has("inbound_nodes"))) {
                continue;
            }
            Path dir = copyShards(model);
            String last = layers.get(layers.size() - 1).path("config").path("name").asText();
            for (int li = 0; li < layers.size(); li++) {
                ObjectNode layer = layers.get(li);
                JsonNode inbound = layer.path("inbound_nodes");
                String self = layer.path("config").path("name").asText();
                String src = inbound.path(0).path(0).path(0).asText("missing");
                List<JsonNode> values = new ArrayList<>(List.of(F.nullNode(), F.arrayNode(), F.textNode("x"),
                        edges(F.arrayNode()), edges(edge("missing", 0, 0)), edges(edge(self, 0, 0)),
                        edges(edge(last, 0, 0)), edges(edge(src, 99, 0)), edges(edge(src, 0, 99)),
                        edges(edge(src, -1, 0)), edges(F.arrayNode().add(src))));
                for (JsonNode value : values) {
                    JsonNode copy = original.deepCopy();
                    List<ObjectNode> copied = new ArrayList<>();
                    collectLayers(copy.path("modelTopology"), copied);
                    copied.get(li).set("inbound_nodes", value);
                    cases += check(tfjs, copy, dir, model, self + ".inbound_nodes=" + value, findings);
                }
            }
            for (String key : List.of("input_layers", "output_layers")) {
                JsonNode graph = graphConfig(original);
                if (graph == null || !graph.has(key)) {
                    continue;
                }
                String first = graph.path(key).path(0).path(0).asText("missing");
                for (JsonNode value : List.of(F.nullNode(), F.arrayNode(), F.textNode("x"),
                        F.arrayNode().add(F.arrayNode().add("missing").add(0).add(0)),
                        F.arrayNode().add(F.arrayNode().add(first).add(0).add(99)),
                        F.arrayNode().add(F.arrayNode().add(first).add(99).add(0)),
                        F.arrayNode().add(F.arrayNode().add(first)),
                        F.arrayNode().add(F.arrayNode().add(first).add(0).add(0))
                                .add(F.arrayNode().add(first).add(0).add(0)))) {
                    JsonNode copy = original.deepCopy();
                    ((ObjectNode) graphConfig(copy)).set(key, value);
                    cases += check(tfjs, copy, dir, model, key + "=" + value, findings);
                }
            }
        }
        System.out.println("[graph mutation] " + cases + " mutated files");
        assertTrue(cases > 100, "cases: " + cases);
        assertEquals(List.of(), findings, findings.size() + " of " + cases + " mutated files");
    }

    private static JsonNode graphConfig(JsonNode modelJson) {
        JsonNode t = modelJson.path("modelTopology");
        JsonNode cfg = t.has("model_config") ? t.path("model_config").path("config") : t.path("config");
        return cfg.isObject() ? cfg : null;
    }

    private static ArrayNode edges(JsonNode... inbound) {
        ArrayNode node = F.arrayNode();
        for (JsonNode e : inbound) {
            node.add(e);
        }
        return F.arrayNode().add(node);
    }

    private static ArrayNode edge(String layer, int node, int tensor) {
        return F.arrayNode().add(layer).add(node).add(tensor).add(F.objectNode());
    }

    /** Writes {@code mutated} in {@code form} and runs it; returns 1 (one case). */
    private int check(Form form, JsonNode mutated, Path dir, Path model, String what, List<String> findings)
            throws Exception {
        Path file = form.write(model, mutated, dir);
        String finding = run(form, file);
        if (finding != null) {
            findings.add(model.getParent().getFileName() + " " + what + ": " + finding);
        }
        return 1;
    }

    /** The fixtures' model.json files, in a stable order. */
    private static List<Path> fixtures() throws IOException {
        List<Path> models = new ArrayList<>();
        for (Path root : ROOTS) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    s.map(d -> d.resolve("model.json")).filter(Files::isRegularFile).sorted().forEach(models::add);
                }
            }
        }
        return models;
    }

    /** A folder of its own in the temp dir holding the fixture's weight shards (every file but model.json). */
    private Path copyShards(Path model) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(model.getParent().getFileName().toString()));
        try (Stream<Path> s = Files.list(model.getParent())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().equals("model.json") && Files.isRegularFile(p)
                        && !Files.exists(dir.resolve(p.getFileName()))) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
        return dir;
    }

    /** Every layer object (class_name + config) under {@code node}, nested models included, in file order. */
    private static void collectLayers(JsonNode node, List<ObjectNode> out) {
        if (node.isObject()) {
            if (node.has("class_name") && node.path("config").isObject() && node.has("config")
                    && (node.path("config").has("name") || node.path("config").has("layers"))) {
                out.add((ObjectNode) node);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                collectLayers(it.next().getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectLayers(n, out));
        }
    }

    /** Reads and runs one mutated file; null when it ends in an accepted outcome, else what went wrong. */
    private static String run(Form form, Path file) throws Exception {
        String timedOut = "no outcome within " + SECONDS_PER_CASE + " s";
        String finding = TimeLimit.within(SECONDS_PER_CASE, () -> {
            Network net;
            try {
                net = form.read(file);
            } catch (ModelFileException e) {
                return e.getMessage() == null || e.getMessage().isBlank() ? "ModelFileException without a message"
                        : null;
            } catch (Throwable e) {
                return "read threw " + describe(e);
            }
            try {
                List<Tensor> xs = new ArrayList<>();
                for (Shape s : net.inputShapes()) {
                    int[] dims = new int[s.rank() + 1];
                    dims[0] = 1;
                    long n = 1;
                    for (int d = 0; d < s.rank(); d++) {
                        dims[d + 1] = s.dim(d) < 0 ? 3 : s.dim(d);
                        n *= dims[d + 1];
                    }
                    if (n > (8L << 20)) {
                        return null; // an input larger than a test should feed; the reader accepted it honestly
                    }
                    xs.add(Tensor.zeros(Shape.of(dims)));
                }
                net.predict(xs);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage() == null || e.getMessage().isBlank() ? "predict threw " + describe(e) : null;
            } catch (Throwable e) {
                return "predict threw " + describe(e);
            }
        }, timedOut);
        return finding;
    }

    private static String describe(Throwable e) {
        StringBuilder at = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            at.append(" at ").append(st[i]);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + at;
    }
}
