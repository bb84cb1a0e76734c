package dev.engram.io.onnx.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.engram.io.LoadLimits;
import dev.engram.io.ModelFileException;
import dev.engram.io.onnx.OnnxExecutionException;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the ONNX reader and executor (Jazzer). A file either loads or fails
 * with a {@link ModelFileException}; a loaded model is run once on zeros of its declared input
 * shapes (unknown dims as 1) and either answers or fails with an {@link OnnxExecutionException}.
 * Anything else is a finding. A normal test run replays the committed corpus
 * ({@code OnnxReaderFuzzTestInputs/load/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class OnnxReaderFuzzTest {
    private static final LoadLimits LIMITS = LoadLimits.defaults().withParameterBytes(64L << 20)
            .withTensorElements(4L << 20).withLayers(5000);

    @FuzzTest(maxDuration = "10m")
    void load(byte[] data) {
        OnnxModel m;
        try {
            m = OnnxModel.load(data, "fuzz.onnx", LIMITS);
        } catch (ModelFileException e) {
            return;
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (String name : m.inputNames()) {
            inputs.put(name, Tensor.zeros(Shape.of(1, 1)));
        }
        try {
            m.predict(inputs);
        } catch (OnnxExecutionException e) {
            // a model that cannot run on this input: reported, not crashed
        }
    }
}
