package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime (the Java artifact) opens an Engram-written model whose weights live in {@code model.onnx.data}
 * beside it, resolving every external reference itself from the model's folder, and predicts Engram's numbers.
 * This is the reader-side proof that the offsets, lengths and {@code location} entries Engram writes follow the
 * ONNX external-data convention, not only Engram's own reader.
 */
class ExternalDataOrtTest {
    @TempDir
    Path tmp;

    @Test
    void onnxRuntimeLoadsEngramExternalDataFromTheModelFolder() throws Exception {
        Sequential m = Sequential.seeded(11,
                Layers.lstm(24).withReturnSequences(true).inputShape(6, 5),
                Layers.gru(12),
                Layers.dense(3));
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Path onnx = dir.resolve("model.onnx");
        OnnxExporter.export(m, onnx, OnnxExportOptions.defaults().withExternalDataThreshold(0));
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(onnx));
        long external = p.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL).count();
        assertTrue(external >= 3, "expected the LSTM/GRU/Dense weights outside the .onnx, found " + external);
        assertTrue(Files.size(dir.resolve("model.onnx.data")) > 4 * 24 * 4 * 5);

        float[] v = new float[3 * 6 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.3 * Math.sin(0.37 * i) + 0.2 * Math.cos(1.9 * i));
        }
        Tensor x = Tensor.of(Shape.of(3, 6, 5), v);
        Tensor want = m.predict(x);
        String inputName = p.getGraph().getInput(0).getName();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // A session from the path (not from bytes): ONNX Runtime reads model.onnx.data itself.
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                OrtSession s = env.createSession(onnx.toString(), o);
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()),
                        Arrays.stream(x.shape().toArray()).asLongStream().toArray());
                OrtSession.Result r = s.run(Map.of(inputName, t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] d = new float[fb.remaining()];
            fb.get(d);
            Tensor got = Tensor.wrap(Shape.of(Arrays.stream(out.getInfo().getShape()).mapToInt(q -> (int) q).toArray()), d);
            new Agreement().check("ORT on Engram external data", want, got);
            assertEquals(3 * 3, d.length);
        }
    }
}
