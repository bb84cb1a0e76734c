package dev.engram.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the {@code cases.json} schema of the shared fixtures (section 1 of
 * {@code fixtures/README.md}): either one case {@code {"inputs":[{"name","shape","dtype","data"}]}}
 * or a whole file {@code {"tolerance":{...},"cases":[{"name","inputs","outputs"}]}}.
 *
 * <p>{@code data} is flat row-major; every number is parsed as a double and cast to float (the
 * schema's rule). Written floats use {@link Float#toString(float)}, the shortest decimal that
 * parses back to the same float32 bits; NaN and infinities are written as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers) and read back.
 */
public final class CasesFile {
    /** Parses input data with the same nesting limit as model files, so no document can recurse deeply. */
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(dev.engram.io.LoadLimits.defaults().jsonDepth()).build())
            .build()).enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * A named tensor of the schema.
     *
     * @param name  its name
     * @param shape full shape including the batch dimension
     * @param data  flat row-major values
     */
    public record Named(String name, int[] shape, float[] data) {
        /** As an engine tensor (sharing {@code data}). */
        public Tensor tensor() {
            return Tensor.wrap(Shape.of(shape), data);
        }
    }

    /**
     * One case.
     *
     * @param name     its name (or {@code case<i>})
     * @param inputs   the inputs in file order
     * @param expected the expected outputs (empty when the file has none)
     */
    public record Case(String name, List<Named> inputs, List<Named> expected) {
        /** The inputs by name, in file order. */
        public Map<String, Tensor> inputTensors() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (Named n : inputs) {
                m.put(n.name(), n.tensor());
            }
            return m;
        }
    }

    private final Path file;
    private final ObjectNode root;
    private final boolean single;
    private final List<Case> cases;

    private CasesFile(Path file, ObjectNode root, boolean single, List<Case> cases) {
        this.file = file;
        this.root = root;
        this.single = single;
        this.cases = cases;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws CliException exit 2 naming the JSON pointer of the first problem
     */
    public static CasesFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw CliException.usage("no such file: " + file, e);
        } catch (JsonProcessingException e) {
            throw CliException.usage(file.getFileName() + ": malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        if (root == null || !root.isObject()) {
            throw CliException.usage(name + ": expected a JSON object {\"inputs\":[...]} or {\"cases\":[...]}");
        }
        List<Case> cases = new ArrayList<>();
        if (root.has("cases")) {
            JsonNode arr = root.get("cases");
            if (!arr.isArray() || arr.isEmpty()) {
                throw CliException.usage(name + " at /cases: expected a non-empty array of cases");
            }
            for (int i = 0; i < arr.size(); i++) {
                cases.add(readCase(name, "/cases/" + i, arr.get(i), "case" + i));
            }
            return new CasesFile(file, (ObjectNode) root, false, cases);
        }
        if (root.has("inputs")) {
            cases.add(readCase(name, "", root, "input"));
            return new CasesFile(file, (ObjectNode) root, true, cases);
        }
        throw CliException.usage(name + ": expected {\"inputs\":[...]} (one case) or {\"cases\":[...]}; found keys "
                + fieldNames(root));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Case readCase(String file, String at, JsonNode c, String defaultName) {
        if (!c.isObject()) {
            throw CliException.usage(file + " at " + at + ": expected a case object");
        }
        String caseName = c.path("name").asText(defaultName);
        JsonNode ins = c.get("inputs");
        if (ins == null || !ins.isArray() || ins.isEmpty()) {
            throw CliException.usage(file + " at " + at + "/inputs: expected a non-empty array of tensors");
        }
        List<Named> inputs = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            inputs.add(readTensor(file, at + "/inputs/" + i, ins.get(i), "input" + i));
        }
        List<Named> outputs = new ArrayList<>();
        JsonNode outs = c.get("outputs");
        if (outs != null && outs.isArray()) {
            for (int i = 0; i < outs.size(); i++) {
                outputs.add(readTensor(file, at + "/outputs/" + i, outs.get(i), "output" + i));
            }
        }
        return new Case(caseName, inputs, outputs);
    }

    private static Named readTensor(String file, String at, JsonNode t, String defaultName) {
        if (!t.isObject()) {
            throw CliException.usage(file + " at " + at + ": expected {\"name\",\"shape\",\"dtype\",\"data\"}");
        }
        String name = t.path("name").asText(defaultName);
        String dtype = t.path("dtype").asText("float32");
        if (!dtype.equals("float32") && !dtype.equals("int32") && !dtype.equals("float64") && !dtype.equals("int64")) {
            throw CliException.usage(file + " at " + at + "/dtype: unsupported dtype '" + dtype
                    + "'; expected float32 (or int32/int64/float64, converted to float32)");
        }
        JsonNode shapeNode = t.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw CliException.usage(file + " at " + at + "/shape: expected an array of dimensions");
        }
        int[] shape = new int[shapeNode.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) {
                throw CliException.usage(file + " at " + at + "/shape/" + i + ": expected a non-negative integer, found "
                        + d);
            }
            shape[i] = d.asInt();
            size *= shape[i];
            if (size > Integer.MAX_VALUE - 8) {
                throw CliException.usage(file + " at " + at + "/shape: " + java.util.Arrays.toString(shape)
                        + " has more elements than a tensor can hold (at most " + (Integer.MAX_VALUE - 8) + ")");
            }
        }
        JsonNode data = t.get("data");
        if (data == null || !data.isArray()) {
            throw CliException.usage(file + " at " + at + "/data: expected an array of numbers");
        }
        if (data.size() != size) {
            throw CliException.usage(file + " at " + at + "/data: " + data.size() + " values for shape "
                    + java.util.Arrays.toString(shape) + " (" + size + " expected)");
        }
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(file, at + "/data/" + i, data.get(i));
        }
        return new Named(name, shape, values);
    }

    private static float number(String file, String at, JsonNode v) {
        if (v.isNumber()) {
            return (float) v.asDouble();
        }
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Float.NaN;
                case "Infinity":
                    return Float.POSITIVE_INFINITY;
                case "-Infinity":
                    return Float.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw CliException.usage(file + " at " + at + ": expected a number, found " + v);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** True for the one-case form {@code {"inputs":[...]}}. */
    public boolean single() {
        return single;
    }

    /** The cases in file order. */
    public List<Case> cases() {
        return cases;
    }

    /** The file's {@code tolerance.rtol}, or null. */
    public Double rtol() {
        JsonNode n = root.path("tolerance").path("rtol");
        return n.isNumber() ? n.asDouble() : null;
    }

    /** The file's {@code tolerance.atol}, or null. */
    public Double atol() {
        JsonNode n = root.path("tolerance").path("atol");
        return n.isNumber() ? n.asDouble() : null;
    }

    /**
     * The answer document: for the one-case form {@code {"outputs":[...]}}; for a cases file a copy
     * of it with each case's {@code outputs} replaced by {@code results} (same order as
     * {@link #cases()}), stale {@code layerOutputs} removed, {@code outputNames} set to the model's
     * and {@code producer} naming Engram and the model.
     */
    public ObjectNode answer(List<Map<String, Tensor>> results, List<String> outputNames, String modelName,
            String version) {
        if (single) {
            ObjectNode o = F.objectNode();
            o.set("outputs", tensors(results.get(0)));
            return o;
        }
        ObjectNode copy = root.deepCopy();
        ObjectNode producer = F.objectNode();
        producer.put("tool", "Engram");
        producer.put("version", version);
        producer.put("model", modelName);
        copy.set("producer", producer);
        ArrayNode names = F.arrayNode();
        outputNames.forEach(names::add);
        copy.set("outputNames", names);
        ArrayNode cs = (ArrayNode) copy.get("cases");
        for (int i = 0; i < cs.size(); i++) {
            ObjectNode c = (ObjectNode) cs.get(i);
            c.remove("layerOutputs");
            c.set("outputs", tensors(results.get(i)));
        }
        return copy;
    }

    /** {@code [{"name","shape","dtype":"float32","data"}]} for each tensor. */
    static ArrayNode tensors(Map<String, Tensor> ts) {
        ArrayNode arr = F.arrayNode();
        ts.forEach((name, t) -> {
            ObjectNode o = arr.addObject();
            o.put("name", name);
            ArrayNode shape = o.putArray("shape");
            for (int d : t.shape().toArray()) {
                shape.add(d);
            }
            o.put("dtype", "float32");
            ArrayNode data = o.putArray("data");
            float[] b = t.toArray();
            for (float v : b) {
                // FloatNode is written with Float.toString: the shortest round-trip form of the float32.
                data.add(v);
            }
        });
        return arr;
    }

    /** Writes {@code doc} as indented JSON with a final newline. */
    static String toJson(JsonNode doc) {
        try {
            return JSON.writeValueAsString(doc) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
