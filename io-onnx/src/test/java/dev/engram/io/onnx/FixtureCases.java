package dev.engram.io.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code cases.json} fixtures (shared schema, section 1) and locates fixture folders. */
final class FixtureCases {
    /** One case: named inputs and expected outputs. */
    record Case(String name, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
    }

    private FixtureCases() {
    }

    static List<Case> read(Path casesJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(casesJson));
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            cases.add(new Case(c.get("name").asText(), tensors(c.get("inputs")), tensors(c.get("outputs"))));
        }
        return cases;
    }

    private static Map<String, Tensor> tensors(JsonNode list) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (JsonNode t : list) {
            int[] shape = new int[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asInt();
            }
            JsonNode data = t.get("data");
            float[] d = new float[data.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) data.get(i).asDouble();
            }
            m.put(t.get("name").asText(), Tensor.wrap(Shape.of(shape), d));
        }
        return m;
    }

    /** The first existing {@code <ancestor>/shared/<relative>} above the working directory. */
    static Optional<Path> sharedFolder(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared").resolve(relative);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            p = p.getParent();
        }
        return Optional.empty();
    }

    /** Sub-folders of {@code root} that hold a {@code cases.json}, sorted by name. */
    static List<Path> fixtureDirs(Path root) throws IOException {
        try (var s = Files.list(root)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("cases.json"))).sorted().toList();
        }
    }
}
