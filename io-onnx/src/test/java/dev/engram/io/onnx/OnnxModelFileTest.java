package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.DeclaredLayer;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedGraph;
import dev.engram.io.LoadedModel;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.ModelFiles;
import dev.engram.io.SaveSettings;
import dev.engram.io.UnsupportedModelException;
import dev.engram.layers.InvalidInputException;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX as the {@code onnx} {@link ModelFile} that {@link ModelFiles} finds through ServiceLoader. */
class OnnxModelFileTest {
    private static final Path TORCH = Path.of("src/test/resources/torch-onnx");
    private static final Path LSTM = TORCH.resolve("lstm2_batchfirst_perstep/model.onnx");
    private static final Path BIGRU = TORCH.resolve("bigru_batchfirst_last/model.onnx");
    private static final LoadLimits LIMITS = LoadLimits.defaults();

    @TempDir
    Path tmp;

    @Test
    void describeShowsDeclaredShapesWithSymbolicNamesAndEveryNode() throws IOException {
        ModelFile f = ModelFiles.detect(LSTM);
        assertEquals("onnx", f.id());
        ModelDescription d = f.describe(LSTM, LIMITS);
        assertTrue(d.kind().startsWith("ONNX model (IR version ") && d.kind().contains("ai.onnx 17"), d.kind());
        assertTrue(d.producer().startsWith("pytorch"), d.producer());
        DeclaredTensor x = d.inputs().get(0);
        assertEquals("x", x.name());
        assertEquals("float32", x.dtype());
        assertEquals(List.of(-1, -1, 3), x.dims());
        assertEquals("[batch, seq, 3]", x.shape());
        assertTrue(d.layers().stream().anyMatch(l -> l.className().equals("LSTM")), d.layers()::toString);
        assertTrue(d.unsupported().isEmpty());
    }

    @Test
    void aNodeOutsideTheSupportedSetIsMarkedAndTheFileRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(LSTM);
        Path odd = tmp.resolve("odd.onnx");
        // NodeProto.op_type is field 4 (tag 0x22); same length, so the protobuf stays valid: the first LSTM
        // node becomes an unknown "LSTQ".
        Files.write(odd, replaceFirst(bytes, "\"\u0004LSTM", "\"\u0004LSTQ"));
        ModelDescription d = ModelFiles.describe(odd, LIMITS);
        assertTrue(d.unsupported().stream().map(DeclaredLayer::className).toList().contains("LSTQ"), d::toString);
        assertThrows(ModelFileException.class, () -> ModelFiles.load(odd, LIMITS));
    }

    @Test
    void invalidProtobufIsAModelFileDefectNamingTheFile() throws IOException {
        Path bad = Files.write(tmp.resolve("m.onnx"), new byte[] {8, 7, 18, (byte) 0xff, 1});
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.describe(bad, LIMITS));
        assertTrue(e.getMessage().startsWith("m.onnx: not a valid ONNX ModelProto"), e::getMessage);
    }

    @Test
    void loadGivesARunnableGraphThatConvertsOnRequest() throws IOException {
        LoadedModel m = ModelFiles.load(LSTM, LIMITS);
        LoadedGraph g = assertInstanceOf(LoadedGraph.class, m);
        assertTrue(m.origin().producer().startsWith("pytorch"));
        assertEquals(List.of(Shape.of(Shape.UNKNOWN, 3)), m.inputSampleShapes());
        Tensor x = Tensor.wrap(Shape.of(2, 4, 3), new float[24]);
        for (int i = 0; i < 24; i++) {
            x.buffer()[i] = (float) Math.sin(0.7 * i);
        }
        Map<String, Tensor> y = m.predict(Map.of("x", x));
        assertEquals(m.outputNames(), List.copyOf(y.keySet()));
        Network n = m.toNetwork();
        assertInstanceOf(Sequential.class, n);
        assertArrayEquals(y.values().iterator().next().toArray(), n.predict(List.of(x)).get(0).toArray(), 1e-5f);
        // The wrong feature count is the caller's error, in the engine's terms.
        assertThrows(InvalidInputException.class, () -> g.predict(Map.of("x", Tensor.wrap(Shape.of(1, 4, 5),
                new float[20]))));
    }

    @Test
    void aGraphWithoutEngineLayersRunsButRefusesConversion() throws IOException {
        LoadedModel m = ModelFiles.load(BIGRU, LIMITS);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, m::toNetwork);
        assertEquals("model.onnx", e.file());
        assertTrue(!e.detail().isEmpty());
    }

    @Test
    void saveExportsFunctionalModelsAtTheOpsetAsked() throws IOException {
        Model functional = (Model) NetworkModels.all().get("bilstm_none_two_outputs").get();
        ModelFile onnx = ModelFiles.forTarget(tmp.resolve("f.onnx")).orElseThrow();
        Path out = tmp.resolve("f.onnx");
        assertEquals(List.of(), onnx.save(functional, out, SaveSettings.defaults().with("opset", "15")
                .withProducer("tool", "9")));
        OnnxModel back = OnnxModel.load(out);
        assertEquals(15, back.opset());
        assertEquals("tool", back.producerName());
        assertEquals(functional.outputNames().size(), back.outputNames().size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> onnx.save(functional, tmp.resolve("g.onnx"),
                SaveSettings.defaults().with("opset", "9"))).getMessage().equals("opset must be between 14 and 21, got 9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> onnx.save(functional, tmp.resolve("g.onnx"),
                SaveSettings.defaults().with("dialect", "keras2"))).getMessage().contains("no option 'dialect'"));
        assertTrue(!Files.exists(tmp.resolve("g.onnx")));
    }

    private static byte[] replaceFirst(byte[] b, String from, String to) {
        byte[] f = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + f.length, f, 0, f.length)) {
                byte[] out = b.clone();
                System.arraycopy(to.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, i, f.length);
                return out;
            }
        }
        throw new AssertionError(from + " not found");
    }
}
