package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test support: the cases.json files (fixtures README section 1) and the float comparison. */
public final class KerasCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasCases() {
    }

    /** src/test/resources/keras (the generated fixtures). */
    public static Path resources() {
        Path p = Path.of("src/test/resources/keras");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("run from the io-keras module: " + p.toAbsolutePath());
        }
        return p;
    }

    /** Every *.cases.json below {@code dir}, sorted. */
    public static List<Path> caseFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".cases.json")).sorted().toList();
        }
    }

    /** The parsed JSON. */
    public static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** A tensor from {@code {"shape", "data"}}. */
    public static Tensor tensor(JsonNode t) {
        JsonNode shape = t.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        JsonNode data = t.get("data");
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) data.get(i).asDouble();
        }
        return Tensor.of(Shape.of(dims), v);
    }

    /** Predicts every case of {@code cases} with {@code model} and checks |got-exp| <= atol + rtol*|exp|. */
    public static void assertCases(dev.engram.models.Network model, JsonNode cases, double rtol, double atol, String what) {
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases.get("cases")) {
            List<Tensor> xs = new ArrayList<>();
            c.get("inputs").forEach(t -> xs.add(tensor(t)));
            List<Tensor> got = model.predict(xs);
            JsonNode outs = c.get("outputs");
            if (got.size() != outs.size()) {
                failures.add(what + " case " + c.get("name").asText() + ": " + got.size() + " outputs, expected " + outs.size());
                continue;
            }
            for (int i = 0; i < got.size(); i++) {
                compare(got.get(i), tensor(outs.get(i)), rtol, atol, what + " case " + c.get("name").asText()
                        + (got.size() > 1 ? " output " + i : ""), failures);
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** Appends a message to {@code failures} if the tensors differ. */
    public static void compare(Tensor got, Tensor expected, double rtol, double atol, String what, List<String> failures) {
        if (!got.shape().equals(expected.shape())) {
            failures.add(what + ": shape " + got.shape() + ", expected " + expected.shape());
            return;
        }
        float[] g = got.toArray();
        float[] e = expected.toArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < g.length; i++) {
            double excess = Math.abs(g[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
            if (!(excess <= 0) && (at < 0 || excess > worst)) {
                worst = excess;
                at = i;
            }
        }
        if (at >= 0) {
            failures.add(what + ": element " + at + " is " + g[at] + ", expected " + e[at]);
        }
    }
}
