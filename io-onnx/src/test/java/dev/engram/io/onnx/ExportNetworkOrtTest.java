package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link NetworkModels} architecture exported at opsets 14, 17 and 21, run in ONNX Runtime at
 * batch sizes 1 and 5 and compared output by output with the engine's predict (rtol 1e-5, atol 1e-6);
 * then loaded and run through Engram's own importer, compared the same way.
 */
class ExportNetworkOrtTest {
    private static final Agreement ORT = new Agreement();
    private static final Agreement ROUND_TRIP = new Agreement();

    @TestFactory
    List<DynamicTest> exportedNetworksMatchOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Supplier<Network>> e : NetworkModels.all().entrySet()) {
            for (int opset : new int[] {14, 17, 21}) {
                for (int batch : new int[] {1, 5}) {
                    String name = e.getKey() + "/opset" + opset + "/batch" + batch;
                    tests.add(DynamicTest.dynamicTest(name, () -> run(e.getKey(), e.getValue().get(), opset, batch)));
                }
            }
        }
        return tests;
    }

    private static void run(String key, Network model, int opset, int batch) throws Exception {
        String name = key + "/opset" + opset + "/batch" + batch;
        List<Tensor> xs = NetworkModels.inputs(key, model, batch);
        List<Tensor> expected = model.predict(xs);
        byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().withOpset(opset));
        List<Tensor> got = OrtRunner.runAll(onnx, inputNames(model), xs);
        assertEquals(expected.size(), got.size(), name + ": output count");
        for (int i = 0; i < expected.size(); i++) {
            ORT.check(name + " ORT output " + i, expected.get(i), got.get(i));
        }
        // Every exported architecture must also load and run in Engram's own importer.
        OnnxModel imported = OnnxModel.load(onnx, name);
        Map<String, Tensor> feed = new java.util.LinkedHashMap<>();
        List<String> names = inputNames(model);
        for (int i = 0; i < names.size(); i++) {
            feed.put(names.get(i), xs.get(i));
        }
        Map<String, Tensor> outs = imported.predict(feed);
        List<String> outNames = imported.outputNames();
        for (int i = 0; i < expected.size(); i++) {
            ROUND_TRIP.check(name + " import output " + i, expected.get(i), outs.get(outNames.get(i)));
        }
    }

    static List<String> inputNames(Network model) {
        if (model instanceof Model m && m.inputs().size() > 1) {
            return m.inputs().stream().map(SymbolicTensor::name).toList();
        }
        return List.of("input");
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] engine vs ONNX Runtime on exported networks: " + ORT);
        System.out.println("[agreement] engine vs Engram importer on exported networks: " + ROUND_TRIP
               );
    }
}
