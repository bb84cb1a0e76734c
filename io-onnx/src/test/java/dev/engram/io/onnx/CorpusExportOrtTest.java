package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Engram -> ONNX -> ONNX Runtime over the issue-12 corpus: every Keras (tf-keras 2.18, Keras 3.10) and TF.js 4.22
 * corpus model that io-keras loads is exported by {@link OnnxExporter} and run in ONNX Runtime (the Java artifact),
 * which must reproduce the ORIGINAL peer's outputs (Keras's or TF.js's) at rtol 1e-5 / atol 1e-6. A model the
 * exporter cannot express (masks, which ONNX has no form for) must be refused with an
 * {@link UnsupportedOnnxException}; models io-keras refuses are io-keras's documented refusals (CorpusRefusals).
 * The outcome of each file is printed.
 */
class CorpusExportOrtTest {
    private static final Agreement AGREEMENT = new Agreement();
    private static final Map<String, String> OUTCOME = new TreeMap<>();
    private static final Path KERAS = Path.of("../io-keras/src/test/resources/keras");
    private static final Path TFJS = Path.of("../io-keras/src/test/resources/tfjs");

    private static List<Path[]> models() throws Exception {
        List<Path[]> m = new ArrayList<>();
        for (String dialect : List.of("tfkeras2", "keras3")) {
            try (Stream<Path> s = Files.list(KERAS.resolve(dialect))) {
                s.filter(f -> f.getFileName().toString().startsWith("corpus_") && f.toString().endsWith(".cases.json"))
                        .sorted().forEach(c -> m.add(new Path[] {
                            c.resolveSibling(c.getFileName().toString().replace(".cases.json", ".h5")), c}));
            }
        }
        try (Stream<Path> s = Files.list(TFJS)) {
            s.filter(d -> d.getFileName().toString().startsWith("corpus_tfjs_")).sorted()
                    .forEach(d -> m.add(new Path[] {d.resolve("model.json"), d.resolve("cases.json")}));
        }
        return m;
    }

    @TestFactory
    List<DynamicTest> exportedCorpusRunsInOnnxRuntimeLikeThePeer() throws Exception {
        List<Path[]> files = models();
        assertTrue(files.size() >= 70, "expected the io-keras corpus, found " + files.size() + " files");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path[] f : files) {
            String name = KERAS.relativize(f[0]).toString().startsWith("..") ? TFJS.relativize(f[0].getParent()).toString()
                    : KERAS.relativize(f[0]).toString();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Network model;
                try {
                    model = KerasModels.load(f[0]);
                } catch (dev.engram.io.keras.ModelFormatException e) {
                    // io-keras's documented refusals (CorpusRefusals, checked there with their reasons)
                    OUTCOME.put(name, "not loaded by io-keras: " + e.getMessage().lines().findFirst().orElse(""));
                    return;
                }
                byte[] onnx;
                try {
                    onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
                } catch (UnsupportedOnnxException e) {
                    assertFalse(e.getMessage().isBlank());
                    OUTCOME.put(name, "export refused: " + e.getMessage().lines().findFirst().orElse(""));
                    return;
                }
                List<String> inputs = ModelProto.parseFrom(onnx).getGraph().getInputList().stream()
                        .map(ValueInfoProto::getName).toList();
                for (FixtureCases.Case c : FixtureCases.read(f[1])) {
                    List<Tensor> xs = new ArrayList<>(c.inputs().values());
                    assertEquals(xs.size(), inputs.size(), name + ": graph inputs " + inputs);
                    List<Tensor> got = OrtRunner.runAll(onnx, inputs, xs);
                    List<Tensor> want = new ArrayList<>(c.outputs().values());
                    assertEquals(want.size(), got.size(), name + ": outputs");
                    for (int i = 0; i < want.size(); i++) {
                        AGREEMENT.check(name + "/" + c.name() + " output " + i, want.get(i), got.get(i));
                    }
                }
                OUTCOME.put(name, "ONNX Runtime matches the peer");
            }));
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] corpus -> Engram -> ONNX -> ONNX Runtime vs the peer: " + AGREEMENT);
        OUTCOME.forEach((k, v) -> System.out.println("[export] " + k + ": " + v));
    }
}
