package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: every case of every PyTorch-exported fixture (the shared set when a parent folder
 * named {@code shared} has it, and this module's own set under {@code src/test/resources/torch-onnx})
 * through the importer, compared with torch's eager outputs at rtol 1e-5 / atol 1e-6.
 */
class TorchOnnxFixturesTest {
    private static final Agreement AGREEMENT = new Agreement();

    @TestFactory
    List<DynamicTest> sharedFixtures() throws Exception {
        Optional<Path> root = FixturePaths.shared("torch-onnx");
        assumeTrue(root.isPresent(), "shared/fixtures/torch-onnx not found above " + Path.of("").toAbsolutePath());
        return tests(root.get());
    }

    @TestFactory
    List<DynamicTest> ownFixtures() throws Exception {
        Path root = Path.of("src/test/resources/torch-onnx");
        assumeTrue(root.toFile().isDirectory(), "no own fixtures");
        return tests(root);
    }

    /** The same models re-saved with external data by the onnx package (model.onnx + model.onnx.data). */
    @TestFactory
    List<DynamicTest> externalDataFixtures() throws Exception {
        return tests(Path.of("src/test/resources/external-data"));
    }

    private static List<DynamicTest> tests(Path root) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> dirs = FixtureCases.fixtureDirs(root);
        assertFalse(dirs.isEmpty(), "no fixtures in " + root);
        for (Path dir : dirs) {
            OnnxModel model = OnnxModel.load(dir.resolve("model.onnx"));
            for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + "/" + c.name(), () -> {
                    Map<String, Tensor> got = model.predict(c.namedInputs());
                    for (var e : c.namedOutputs().entrySet()) {
                        AGREEMENT.check(dir.getFileName() + "/" + c.name() + "/" + e.getKey(), e.getValue(),
                                got.get(e.getKey()));
                    }
                }));
            }
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] torch fixtures via importer: " + AGREEMENT);
    }
}
