package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Models trained in TensorFlow.js 4.22 (the engine's fixtures, through engram-testing, and shared/fixtures/tfjs), loaded
 * with io-keras's {@link KerasModels#load} (a test-scope dependency), exported with {@link OnnxExporter}
 * at opsets 14 and 17 and run in ONNX Runtime: ORT's outputs must equal TF.js's own outputs in the
 * fixture's cases.json (rtol 1e-5, atol 1e-6). The fixtures in {@link #REQUIRED} must load and export;
 * any other fixture runs when io-keras loads it and the exporter supports its layers (so the test grows
 * with the engine), and is skipped otherwise.
 */
class TfjsFixturesExportTest {
    private static final Set<String> REQUIRED = Set.of("lstm_options_forward", "lstm_no_bias_forward",
            "lstm_stack_rmsprop", "dense_activations_forward", "lstm_tutorial", "lstm_go_backwards",
            "lstm_sigmoid_unit_forget_bias", "lstm_stacked_return_sequences");
    private static final Agreement ORT = new Agreement();
    private static final Agreement IMPORTER = new Agreement();

    private static List<Path> fixtures() throws Exception {
        List<Path> dirs = new ArrayList<>();
        dirs.addAll(FixtureCases.fixtureDirs(FixturePaths.tfjs()));
        Optional<Path> shared = FixturePaths.shared("tfjs");
        if (shared.isPresent()) {
            dirs.addAll(FixtureCases.fixtureDirs(shared.get()));
        }
        return dirs.stream().filter(d -> Files.exists(d.resolve("model.json"))).toList();
    }

    @TestFactory
    List<DynamicTest> tfjsModelsExportedToOnnxRunInOrtLikeTfjs() throws Exception {
        List<Path> dirs = fixtures();
        assertTrue(dirs.stream().anyMatch(d -> d.getFileName().toString().equals("lstm_options_forward")),
                "lstm_options_forward not among the engine's TF.js fixtures " + FixturePaths.tfjs());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            boolean required = REQUIRED.contains(name);
            for (int opset : new int[] {14, 17}) {
                tests.add(DynamicTest.dynamicTest(name + " opset " + opset, () -> {
                    dev.engram.models.Network m;
                    byte[] onnx;
                    try {
                        m = KerasModels.load(dir.resolve("model.json"));
                        onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults().withOpset(opset));
                    } catch (UnsupportedLayerException | UnsupportedOnnxException e) {
                        assumeTrue(required, name + ": " + e.getMessage());
                        throw e;
                    }
                    for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                        assumeTrue(c.namedInputs().size() == 1 && c.namedOutputs().size() == 1, "single input/output only");
                        Tensor x = c.namedInputs().values().iterator().next();
                        Map.Entry<String, Tensor> want = c.namedOutputs().entrySet().iterator().next();
                        ORT.check(name + "/" + c.name() + " opset " + opset, want.getValue(), OrtRunner.run(onnx, "input", x));
                        IMPORTER.check(name + "/" + c.name() + " opset " + opset + " importer", want.getValue(),
                                OnnxModel.load(onnx, name).predict(x));
                    }
                }));
            }
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] TF.js fixtures -> io-keras -> ONNX -> ORT vs TF.js: " + ORT);
        System.out.println("[agreement] TF.js fixtures -> io-keras -> ONNX -> Engram importer vs TF.js: " + IMPORTER);
    }
}
