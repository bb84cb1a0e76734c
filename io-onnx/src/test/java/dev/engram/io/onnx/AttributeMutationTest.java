package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.LoadLimits;
import dev.engram.io.ModelFileException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.onnx.codec.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile operator attributes and constants, the class of ONNX file the byte-level fuzzer rarely reaches: in
 * each of ONNX's own node-test models, every attribute is removed
 * or replaced by a value a hostile or careless exporter could write (zero, negative, huge, NaN, an empty or
 * over-long list, an unknown string), and every integer initializer (shapes, pads, axes, repeats) likewise.
 * The mutated model is loaded, run on the test's own inputs and converted to layers. Accepted: a model or a
 * {@link ModelFileException} from load; outputs or an {@link OnnxExecutionException} whose cause is not a
 * defect (no NullPointerException, index, arithmetic, negative-size or class-cast exception) from run; a
 * network or an {@link UnsupportedOnnxException} from {@code toNetwork}. Anything else, an out-of-memory or a
 * hang, is a finding naming the test model, the operator, the attribute and the value.
 */
class AttributeMutationTest {
    private static final LoadLimits LIMITS = LoadLimits.defaults().withParameterBytes(64L << 20)
            .withTensorElements(4L << 20).withLayers(5000);
    private static final long SECONDS_PER_CASE = 20;
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attribute-mutation");
        t.setDaemon(true); // a hung case must not keep the JVM alive
        return t;
    });

    @AfterAll
    static void stop() {
        RUNNER.shutdownNow();
    }

    @Test
    void everyMutatedAttributeLoadsRunsOrFailsPrecisely() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/onnx-node"))) {
            dirs = s.filter(Files::isDirectory).filter(d -> Files.isDirectory(d.resolve("test_data_set_0")))
                    .sorted().toList();
        }
        assertTrue(dirs.size() >= 100, "node tests found: " + dirs.size());
        Set<String> seen = new HashSet<>();
        List<String> findings = new ArrayList<>();
        int cases = 0;
        for (Path dir : dirs) {
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
            String test = dir.getFileName().toString();
            cases += mutate(test, model, inputs(model, dir.resolve("test_data_set_0")), test + "/", seen, findings);
        }
        System.out.println("[attribute mutation] " + cases + " mutated models, " + seen.size() + " operator fields");
        assertEquals(List.of(), findings, findings.size() + " of " + cases + " mutated models");
        assertTrue(cases > 1000, "cases: " + cases);
    }

    /**
     * The same for the whole models the exporters made (torch, tf2onnx, Engram's dev samples), run on zeros of
     * their declared input shapes; once per operator, attribute and mutation across them, to stay fast.
     */
    @Test
    void everyMutatedAttributeOfExportedModelsLoadsRunsOrFailsPrecisely() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("torch-onnx", "torch2-onnx", "tf2onnx", "dev")) {
            Path dir = Path.of("src/test/resources", root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".onnx")).sorted().forEach(files::add);
                }
            }
        }
        assertTrue(files.size() >= 30, "exported models found: " + files.size());
        Set<String> seen = new HashSet<>();
        List<String> findings = new ArrayList<>();
        int cases = 0;
        for (Path file : files) {
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
            cases += mutate(file.getParent().getFileName() + "/" + file.getFileName(), model, zeros(model), "", seen,
                    findings);
        }
        System.out.println("[attribute mutation] exported models: " + cases + " mutated models");
        assertEquals(List.of(), findings, findings.size() + " of " + cases + " mutated models");
        assertTrue(cases > 200, "cases: " + cases);
    }

    /** Zeros of each graph input's declared shape (unknown dimensions as 2), float or int64 as declared. */
    private static Map<String, Value> zeros(ModelProto model) {
        Set<String> initialized = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initialized.add(t.getName()));
        Map<String, Value> in = new LinkedHashMap<>();
        for (var vi : model.getGraph().getInputList()) {
            if (initialized.contains(vi.getName())) {
                continue;
            }
            var tt = vi.getType().getTensorType();
            int[] dims = tt.getShape().getDimList().stream()
                    .mapToInt(d -> d.hasDimValue() && d.getDimValue() > 0 ? (int) Math.min(d.getDimValue(), 64) : 2)
                    .toArray();
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            in.put(vi.getName(), tt.getElemType() == TensorProto.DataType.INT64_VALUE
                    ? Value.ofLongs(dims, new long[n]) : Value.ofFloats(dims, new float[n]));
        }
        return in;
    }

    /**
     * Mutates every attribute and int64 initializer of {@code model} not yet {@code seen} (keyed by
     * {@code scope}, operator, attribute and mutation) and checks each; returns the number of cases.
     */
    private static int mutate(String name, ModelProto model, Map<String, Value> inputs, String scope, Set<String> seen,
            List<String> findings) throws Exception {
        int cases = 0;
        GraphProto g = model.getGraph();
        for (int ni = 0; ni < g.getNodeCount(); ni++) {
            NodeProto node = g.getNode(ni);
            for (int ai = 0; ai < node.getAttributeCount(); ai++) {
                AttributeProto a = node.getAttribute(ai);
                List<AttributeProto> values = mutations(a);
                for (int k = 0; k < values.size(); k++) {
                    if (!seen.add(scope + node.getOpType() + "." + a.getName() + "#" + k)) {
                        continue;
                    }
                    int n = ni;
                    int at = ai;
                    AttributeProto value = values.get(k);
                    ModelProto mutated = edit(model, gb -> {
                        NodeProto.Builder nb = gb.getNodeBuilder(n);
                        if (value == null) {
                            nb.removeAttribute(at);
                        } else {
                            nb.setAttribute(at, value);
                        }
                        return gb;
                    });
                    cases += check(mutated, inputs, name + " " + node.getOpType() + "." + a.getName() + "="
                            + (value == null ? "(removed)" : brief(value)), findings);
                }
            }
        }
        for (int ii = 0; ii < g.getInitializerCount(); ii++) {
            TensorProto t = g.getInitializer(ii);
            if (t.getDataType() != TensorProto.DataType.INT64_VALUE || !seen.add(scope + consumer(g, t.getName()))) {
                continue;
            }
            int i = ii;
            for (long[] v : new long[][] {{}, {0}, {-1}, {Integer.MAX_VALUE}, {1L << 40}, {Long.MIN_VALUE},
                {2, 2, 2, 2, 2, 2, 2, 2, 2}}) {
                TensorProto.Builder tb = t.toBuilder().clearInt64Data().clearRawData().clearDims().addDims(v.length);
                for (long x : v) {
                    tb.addInt64Data(x);
                }
                ModelProto mutated = edit(model, gb -> gb.setInitializer(i, tb));
                cases += check(mutated, inputs, name + " initializer " + t.getName() + "="
                        + java.util.Arrays.toString(v), findings);
            }
        }
        return cases;
    }

    private static String consumer(GraphProto g, String tensor) {
        for (NodeProto n : g.getNodeList()) {
            int k = n.getInputList().indexOf(tensor);
            if (k >= 0) {
                return n.getOpType() + ".input" + k;
            }
        }
        return "unused." + tensor;
    }

    private static ModelProto edit(ModelProto model, UnaryOperator<GraphProto.Builder> change) {
        ModelProto.Builder mb = model.toBuilder();
        change.apply(mb.getGraphBuilder());
        return mb.build();
    }

    /** Replacements for {@code a} by its type; a null element stands for removing it. */
    static List<AttributeProto> mutations(AttributeProto a) {
        List<AttributeProto> out = new ArrayList<>();
        out.add(null);
        AttributeProto.Builder b = a.toBuilder();
        switch (a.getType()) {
            case INT -> {
                for (long v : new long[] {0, -1, -2, Integer.MAX_VALUE, 1L << 40, Long.MIN_VALUE}) {
                    out.add(b.clone().setI(v).build());
                }
            }
            case INTS -> {
                int n = Math.max(1, a.getIntsCount());
                out.add(b.clone().clearInts().build());
                for (long v : new long[] {0, -1, Integer.MAX_VALUE, 1L << 40}) {
                    out.add(b.clone().clearInts().addAllInts(java.util.Collections.nCopies(n, v)).build());
                }
                out.add(b.clone().clearInts().addAllInts(java.util.Collections.nCopies(n + 3, 2L)).build());
            }
            case FLOAT -> {
                for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1f, 0f, 1e30f}) {
                    out.add(b.clone().setF(v).build());
                }
            }
            case FLOATS -> {
                out.add(b.clone().clearFloats().build());
                out.add(b.clone().clearFloats().addFloats(Float.NaN).build());
                out.add(b.clone().clearFloats().addAllFloats(java.util.Collections.nCopies(a.getFloatsCount() + 3,
                        1e30f)).build());
            }
            case STRING -> {
                out.add(b.clone().setS(com.google.protobuf.ByteString.copyFromUtf8("bogus")).build());
                out.add(b.clone().setS(com.google.protobuf.ByteString.EMPTY).build());
            }
            case STRINGS -> out.add(b.clone().clearStrings().build());
            case TENSOR -> out.add(b.clone().setT(TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(2).addInt64Data(1L << 40)).build());
            case GRAPH -> out.add(b.clone().setG(GraphProto.newBuilder().setName("empty")).build());
            default -> { }
        }
        return out;
    }

    private static String brief(AttributeProto a) {
        return switch (a.getType()) {
            case INT -> Long.toString(a.getI());
            case INTS -> a.getIntsList().toString();
            case FLOAT -> Float.toString(a.getF());
            case FLOATS -> a.getFloatsList().toString();
            case STRING -> "'" + a.getS().toStringUtf8() + "'";
            default -> a.getType().toString();
        };
    }

    /** The test's inputs, by the graph's input names (those with data in the set). */
    private static Map<String, Value> inputs(ModelProto model, Path set) throws IOException {
        Map<String, Value> in = new LinkedHashMap<>();
        Set<String> initialized = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initialized.add(t.getName()));
        int k = 0;
        for (var vi : model.getGraph().getInputList()) {
            if (initialized.contains(vi.getName())) {
                continue;
            }
            Path pb = set.resolve("input_" + k++ + ".pb");
            if (Files.exists(pb)) {
                in.put(vi.getName(), TensorCodec.decode(TensorProto.parseFrom(Files.readAllBytes(pb)), pb.toString()));
            }
        }
        return in;
    }

    /** Loads, runs and converts one mutated model; adds a finding unless each step ends in an accepted outcome. */
    private static int check(ModelProto mutated, Map<String, Value> inputs, String what, List<String> findings)
            throws Exception {
        byte[] bytes = mutated.toByteArray();
        Future<String> f = RUNNER.submit(() -> {
            OnnxModel m;
            try {
                m = OnnxModel.load(bytes, "mutated.onnx", LIMITS);
            } catch (ModelFileException e) {
                return null;
            } catch (Throwable e) {
                return "load threw " + describe(e);
            }
            try {
                m.run(inputs);
            } catch (OnnxExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof NullPointerException || c instanceof IndexOutOfBoundsException
                        || c instanceof ArithmeticException || c instanceof NegativeArraySizeException
                        || c instanceof ClassCastException || c instanceof ArrayStoreException) {
                    return "run failed on a defect: " + describe(c);
                }
            } catch (Throwable e) {
                return "run threw " + describe(e);
            }
            try {
                m.toNetwork();
            } catch (UnsupportedOnnxException e) {
                // a refusal names the node and why
            } catch (Throwable e) {
                return "toNetwork threw " + describe(e);
            }
            return null;
        });
        String finding;
        try {
            finding = f.get(SECONDS_PER_CASE, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            finding = "no outcome within " + SECONDS_PER_CASE + " s";
        }
        if (finding != null) {
            findings.add(what + ": " + finding);
        }
        return 1;
    }

    private static String describe(Throwable e) {
        StringBuilder at = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(3, st.length); i++) {
            at.append(" at ").append(st[i]);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + at;
    }
}
