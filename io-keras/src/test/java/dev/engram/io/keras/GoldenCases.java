package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code cases.json} (shared/fixtures/README.md section 1) and compares outputs at its tolerance. */
public final class GoldenCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case: inputs and expected outputs. */
    public record Case(String name, List<Tensor> inputs, List<Tensor> outputs) {
    }

    private GoldenCases() {
    }

    /** The cases of a fixture's cases.json. */
    public static List<Case> read(Path casesJson) throws IOException {
        JsonNode root = JSON.readTree(casesJson.toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            out.add(new Case(c.get("name").asText(), tensors(c.get("inputs")), tensors(c.get("outputs"))));
        }
        return out;
    }

    private static List<Tensor> tensors(JsonNode arr) {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode t : arr) {
            int[] shape = new int[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asInt();
            }
            float[] data = new float[t.get("data").size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) t.get("data").get(i).asDouble();
            }
            out.add(Tensor.of(Shape.of(shape), data));
        }
        return out;
    }

    /** Fails unless every element satisfies {@code |got - exp| <= atol + rtol |exp|}. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        if (!expected.shape().equals(actual.shape())) {
            fail(what + ": expected shape " + expected.shape() + ", got " + actual.shape());
        }
        float[] e = expected.buffer();
        float[] a = actual.buffer();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail(what + ": element " + i + " expected " + e[i] + ", got " + a[i]);
            }
        }
    }

    /** The nearest ancestor of the working directory holding {@code shared/fixtures/<sub>}, or null. */
    public static Path sharedFixtures(String sub) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared").resolve("fixtures").resolve(sub);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        return null;
    }
}
