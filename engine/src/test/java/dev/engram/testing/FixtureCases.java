package dev.engram.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one reader of the golden-case files every module's tests share: {@code cases.json} (and
 * {@code *.cases.json}) as described in shared/fixtures/README.md section 1, the {@code {shape, data}}
 * tensor records inside them and inside training records, and the float comparison
 * {@code |got - expected| <= atol + rtol * |expected|} the fixtures' tolerances are stated in.
 */
public final class FixtureCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One case: its inputs and expected outputs, in file order, with their names when the file gives
     * them (ONNX fixtures name graph inputs and outputs; TF.js and Keras fixtures do not).
     */
    public record Case(String name, List<String> inputNames, List<Tensor> inputs, List<String> outputNames,
            List<Tensor> outputs) {

        /** The inputs by name, in file order (null keys collapse: use only for named fixtures). */
        public Map<String, Tensor> namedInputs() {
            return named(inputNames, inputs);
        }

        /** The expected outputs by name, in file order. */
        public Map<String, Tensor> namedOutputs() {
            return named(outputNames, outputs);
        }

        private static Map<String, Tensor> named(List<String> names, List<Tensor> tensors) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), tensors.get(i));
            }
            return m;
        }
    }

    private FixtureCases() {
    }

    /** Reads a JSON file; an unreadable fixture is a broken test setup, so the error is unchecked. */
    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /** A tensor from a {@code {shape, data}} JSON record. */
    public static Tensor tensor(JsonNode record) {
        JsonNode shape = record.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        JsonNode data = record.get("data");
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) data.get(i).asDouble();
        }
        return Tensor.wrap(Shape.of(dims), v);
    }

    /** The cases of a {@code cases.json} file. */
    public static List<Case> read(Path casesJson) {
        return cases(json(casesJson));
    }

    /** The cases of a parsed {@code cases.json} root. */
    public static List<Case> cases(JsonNode root) {
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            List<String> inNames = new ArrayList<>();
            List<Tensor> ins = new ArrayList<>();
            List<String> outNames = new ArrayList<>();
            List<Tensor> outs = new ArrayList<>();
            collect(c.get("inputs"), inNames, ins);
            collect(c.get("outputs"), outNames, outs);
            out.add(new Case(c.get("name").asText(), List.copyOf(inNames), List.copyOf(ins), List.copyOf(outNames),
                    List.copyOf(outs)));
        }
        return out;
    }

    private static void collect(JsonNode records, List<String> names, List<Tensor> tensors) {
        for (JsonNode t : records) {
            names.add(t.has("name") ? t.get("name").asText() : "#" + tensors.size());
            tensors.add(tensor(t));
        }
    }

    /** Every {@code *.cases.json} directly inside {@code dir}, sorted. */
    public static List<Path> caseFiles(Path dir) {
        return list(dir, f -> f.getFileName().toString().endsWith(".cases.json"));
    }

    /** The sub-folders of {@code root} that hold a {@code cases.json}, sorted by name. */
    public static List<Path> fixtureDirs(Path root) {
        return list(root, d -> Files.isRegularFile(d.resolve("cases.json")));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fixtures in " + dir, e);
        }
    }

    /** Fails unless {@code actual} has {@code expected}'s shape and every element is within tolerance. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        List<String> failures = new ArrayList<>();
        compare(actual, expected, rtol, atol, what, failures);
        if (!failures.isEmpty()) {
            fail(failures.get(0));
        }
    }

    /**
     * Adds a message naming the worst element to {@code failures} when {@code got} differs from
     * {@code expected} in shape or beyond tolerance.
     */
    public static void compare(Tensor got, Tensor expected, double rtol, double atol, String what,
            List<String> failures) {
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

    /** Predicts every case of a parsed {@code cases} root with {@code model}; reports every mismatch at once. */
    public static void assertCases(Network model, JsonNode cases, double rtol, double atol, String what) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases(cases)) {
            List<Tensor> got = model.predict(c.inputs());
            if (got.size() != c.outputs().size()) {
                failures.add(what + " case " + c.name() + ": " + got.size() + " outputs, expected " + c.outputs().size());
                continue;
            }
            for (int i = 0; i < got.size(); i++) {
                compare(got.get(i), c.outputs().get(i), rtol, atol,
                        what + " case " + c.name() + (got.size() > 1 ? " output " + i : ""), failures);
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }
}
