package dev.engram.io.onnx;

import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every test architecture exported at opsets 14, 17 and 21, run in ONNX Runtime at batch sizes 1
 * and 5 and compared with the engine's own predict; then imported back with {@link OnnxModel}
 * (round trip) and compared again. rtol 1e-5, atol 1e-6.
 */
class ExportOrtTest {
    private static final Agreement ORT = new Agreement();
    private static final Agreement ROUND_TRIP = new Agreement();

    @TestFactory
    List<DynamicTest> exportedModelsMatchOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Supplier<Sequential>> e : TestModels.all().entrySet()) {
            for (int opset : new int[] {14, 17, 21}) {
                for (int batch : new int[] {1, 5}) {
                    String name = e.getKey() + "/opset" + opset + "/batch" + batch;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        Sequential model = e.getValue().get();
                        Tensor x = TestModels.input(model, batch);
                        Tensor expected = model.predict(x);
                        byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().withOpset(opset));
                        ORT.check(name + " ORT", expected, OrtRunner.run(onnx, "input", x));
                        ROUND_TRIP.check(name + " import", expected, OnnxModel.load(onnx, name).predict(x));
                    }));
                }
            }
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] engine vs ONNX Runtime on exported models: " + ORT);
        System.out.println("[agreement] engine vs Engram importer on exported models: " + ROUND_TRIP);
    }
}
