package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue-18 layers whose ONNX forms are Engram's own constructions (ConvLSTM2D unrolled into Conv nodes, grouped
 * Conv3D), from files tf-keras 2.18 and Keras 3.10 wrote (io-keras's generated fixtures, both dialects: sigmoid
 * gates, dilation, same padding with strides, go_backwards, channels-first; groups): loaded by io-keras, exported
 * by {@link OnnxExporter}, and run in ONNX Runtime and the io-onnx runtime, which must reproduce Keras's own
 * outputs (rtol 1e-5, atol 1e-6).
 */
class KerasFixturesExportOrtTest {
    private static final Path KERAS = Path.of("../io-keras/src/test/resources/keras");
    private static final List<String> FIXTURES = List.of("conv_lstm2d_layers", "grouped_conv3d_layers", "conv3d_layers");
    private static final Agreement AGREEMENT = new Agreement();

    @TestFactory
    List<DynamicTest> kerasFilesExportedToOnnxComputeWhatKerasComputed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String dialect : List.of("tfkeras2", "keras3")) {
            for (String fixture : FIXTURES) {
                Path h5 = KERAS.resolve(dialect).resolve(fixture + ".h5");
                Path cases = KERAS.resolve(dialect).resolve(fixture + ".cases.json");
                tests.add(DynamicTest.dynamicTest(dialect + "/" + fixture, () -> {
                    assertTrue(Files.exists(h5) && Files.exists(cases), "missing fixture " + h5);
                    Network model = KerasModels.load(h5);
                    byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
                    List<String> inputs = ModelProto.parseFrom(onnx).getGraph().getInputList().stream()
                            .map(ValueInfoProto::getName).toList();
                    OnnxModel ours = OnnxModel.load(onnx, fixture + ".onnx");
                    for (FixtureCases.Case c : FixtureCases.read(cases)) {
                        List<Tensor> xs = new ArrayList<>(c.inputs());
                        List<Tensor> want = new ArrayList<>(c.outputs());
                        List<Tensor> got = OrtRunner.runAll(onnx, inputs, xs);
                        assertEquals(want.size(), got.size(), fixture + ": outputs");
                        assertEquals(1, xs.size(), fixture + ": one input");
                        Tensor runtime = ours.predict(xs.get(0));
                        for (int i = 0; i < want.size(); i++) {
                            AGREEMENT.check(dialect + "/" + fixture + "/" + c.name() + " ORT " + i, want.get(i), got.get(i));
                        }
                        AGREEMENT.check(dialect + "/" + fixture + "/" + c.name() + " io-onnx runtime", want.get(0), runtime);
                    }
                }));
            }
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] Keras fixtures -> io-keras -> ONNX -> ORT / io-onnx runtime vs Keras: " + AGREEMENT);
    }
}
