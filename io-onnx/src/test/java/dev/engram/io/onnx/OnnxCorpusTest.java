package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.models.Model;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ONNX part of the issue-12 interop corpus: Keras models of io-keras's corpus_table.py converted by the real
 * tf2onnx 1.17 ({@code src/test/resources/tf2onnx/corpus_*}) and torch modules exported by both of PyTorch 2.9's
 * exporters, TorchScript and {@code dynamo=True} ({@code src/test/resources/torch2-onnx}, the dynamo ones with
 * external data). Every fixture must run through {@link OnnxModel#predict(Map)} and match the peer's own float32
 * outputs (Keras's or torch's eager outputs, not ONNX Runtime's) at rtol 1e-5 / atol 1e-6. {@link OnnxModel#toNetwork()}
 * must either convert the graph into layers that predict the same numbers or refuse with an
 * {@link UnsupportedOnnxException} that names what does not map; which fixtures convert is reported.
 */
class OnnxCorpusTest {
    private static final Agreement AGREEMENT = new Agreement();
    private static final Map<String, String> CONVERSION = new TreeMap<>();

    @TestFactory
    List<DynamicTest> tf2onnxCorpus() throws Exception {
        return tests(Path.of("src/test/resources/tf2onnx"), "corpus_", 20);
    }

    @TestFactory
    List<DynamicTest> torch2Corpus() throws Exception {
        return tests(Path.of("src/test/resources/torch2-onnx"), "", 20);
    }

    private static List<DynamicTest> tests(Path root, String prefix, int atLeast) throws Exception {
        List<Path> dirs = FixtureCases.fixtureDirs(root).stream()
                .filter(d -> d.getFileName().toString().startsWith(prefix)).toList();
        assertTrue(dirs.size() >= atLeast, "expected at least " + atLeast + " fixtures in " + root + ", found " + dirs.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name + " runtime", () -> {
                OnnxModel model = OnnxModel.load(dir.resolve("model.onnx"));
                for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                    Map<String, Tensor> got = model.predict(c.namedInputs());
                    for (var e : c.namedOutputs().entrySet()) {
                        assertNotNull(got.get(e.getKey()), name + ": no output " + e.getKey());
                        AGREEMENT.check(name + "/" + c.name() + "/" + e.getKey(), e.getValue(), got.get(e.getKey()));
                    }
                }
            }));
            tests.add(DynamicTest.dynamicTest(name + " toNetwork", () -> {
                OnnxModel onnx = OnnxModel.load(dir.resolve("model.onnx"));
                Model net;
                try {
                    net = onnx.toNetwork();
                } catch (UnsupportedOnnxException e) {
                    assertFalse(String.valueOf(e.getMessage()).isBlank(), name + ": a refusal must say why");
                    CONVERSION.put(name, "refused: " + e.getMessage().lines().findFirst().orElse(""));
                    return;
                }
                for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                    List<Tensor> xs = new ArrayList<>();
                    int k = 0;
                    for (Tensor x : c.inputs()) {
                        xs.add(asConverted(x, net.inputShapes().get(k++)));
                    }
                    List<Tensor> got = net.predict(xs);
                    List<Tensor> want = new ArrayList<>(c.outputs());
                    for (int i = 0; i < want.size(); i++) {
                        AGREEMENT.check(name + "/" + c.name() + " toNetwork output " + i, want.get(i), got.get(i));
                    }
                }
                CONVERSION.put(name, "converted, matches");
            }));
        }
        return tests;
    }

    /** Every operator the exporters wrote over the corpus (corpus-ops.json, Loop bodies included) is implemented. */
    @org.junit.jupiter.api.Test
    void everyOperatorTheExportersEmitIsImplemented() throws Exception {
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("src/test/resources/corpus-ops.json").toFile());
        List<String> missing = new ArrayList<>();
        doc.get("opTypes").fieldNames().forEachRemaining(op -> {
            if (!OnnxModel.supportedOperators().contains(op)) {
                missing.add(op);
            }
        });
        assertTrue(doc.get("opTypes").size() >= 50, "corpus-ops.json lists " + doc.get("opTypes").size() + " op types");
        assertTrue(missing.isEmpty(), "operators the exporters emit but Engram lacks: " + missing);
    }

    /** Every input of a case as {@code net} takes it (see {@link #asConverted(Tensor, Shape)}). */
    static List<Tensor> asConverted(List<Tensor> inputs, Model net) {
        List<Tensor> xs = new ArrayList<>();
        int k = 0;
        for (Tensor x : inputs) {
            xs.add(asConverted(x, net.inputShapes().get(k++)));
        }
        return xs;
    }

    /**
     * The input as the converted model takes it (documented on {@link OnnxModel#toSequential()} and
     * {@link OnnxModel#toNetwork()}): a time-major sequence fed straight into a recurrent node becomes batch-major,
     * and PyTorch's initial state {@code [1, batch, H]} becomes {@code [batch, H]}.
     */
    private static Tensor asConverted(Tensor x, Shape want) {
        // want: the converted model's per-sample input shape (no batch axis)
        int[] s = x.shape().toArray();
        if (s.length == want.rank() + 2 && s[0] == 1) {
            return x.reshape(Shape.of(java.util.Arrays.copyOfRange(s, 1, s.length)));
        }
        if (s.length == 3 && want.rank() == 2 && want.accepts(Shape.of(s[0], s[2])) && !want.accepts(Shape.of(s[1], s[2]))) {
            float[] src = x.toArray();
            float[] d = new float[src.length];
            for (int t = 0; t < s[0]; t++) {
                for (int b = 0; b < s[1]; b++) {
                    System.arraycopy(src, (t * s[1] + b) * s[2], d, (b * s[0] + t) * s[2], s[2]);
                }
            }
            return Tensor.of(Shape.of(s[1], s[0], s[2]), d);
        }
        return x;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] ONNX corpus: " + AGREEMENT);
        CONVERSION.forEach((k, v) -> System.out.println("[toNetwork] " + k + ": " + v));
    }
}
