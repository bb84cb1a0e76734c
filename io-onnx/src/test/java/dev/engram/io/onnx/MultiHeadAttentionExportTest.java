package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Layers;
import dev.engram.models.Model;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MultiHeadAttention's export with an attention-mask input holding zeros (one query step masked
 * entirely), causal, with Keras 3's masked-weight zeroing on the scores output: ONNX Runtime and the
 * io-onnx runtime reproduce the engine. A layer reading Keras time-step masks is refused.
 */
class MultiHeadAttentionExportTest {
    private static final Agreement AGREEMENT = new Agreement();

    @Test
    void attentionMaskInputAndZeroedWeightsMatchTheEngine() throws Exception {
        Model model = NetworkModels.functional(b -> {
            SymbolicTensor q = b.input("query", 4, 3);
            SymbolicTensor v = b.input("value", 4, 5);
            SymbolicTensor mask = b.input("mask", 4, 4);
            List<SymbolicTensor> att = b.applyAll(Layers.multiHeadAttention(2, 2).withUseCausalMask(true)
                    .withAttentionMaskInput(true).withReturnAttentionScores(true), q, v, mask);
            return List.of(List.of(q, v, mask), att);
        });
        float[] m = new float[2 * 4 * 4];
        for (int i = 0; i < m.length; i++) {
            m[i] = i % 5 == 3 ? 0f : i % 7 == 0 ? 2f : 1f; // non-zero means "may attend"
        }
        m[8] = 0f; // sample 0, query step 2: with the causal mask nothing is left
        m[9] = 0f;
        m[10] = 0f;
        List<Tensor> xs = List.of(ramp(Shape.of(2, 4, 3), 0.3), ramp(Shape.of(2, 4, 5), 1.1), Tensor.wrap(Shape.of(2, 4, 4), m));
        List<Tensor> want = model.predict(xs);
        byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
        List<Tensor> ort = OrtRunner.runAll(onnx, ExportNetworkOrtTest.inputNames(model), xs);
        OnnxModel imported = OnnxModel.load(onnx, "mha.onnx");
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            feed.put(ExportNetworkOrtTest.inputNames(model).get(i), xs.get(i));
        }
        Map<String, Tensor> ours = imported.predict(feed);
        assertEquals(2, ort.size());
        for (int i = 0; i < 2; i++) {
            AGREEMENT.check("ORT output " + i, want.get(i), ort.get(i));
            AGREEMENT.check("io-onnx runtime output " + i, want.get(i), ours.get(imported.outputNames().get(i)));
        }
        assertEquals(0f, want.get(1).buffer()[2 * 4], "the fully masked query step has zero weights (Keras 3)");
    }

    @Test
    void kerasMasksAreRefused() {
        Model model = NetworkModels.functional(b -> {
            SymbolicTensor ids = b.input("ids", 5);
            SymbolicTensor e = b.apply(Layers.embedding(NetworkModels.VOCAB, 4).withMaskZero(true), ids);
            return List.of(List.of(ids), List.of(b.apply(Layers.multiHeadAttention(2, 2), e, e)));
        });
        UnsupportedOnnxException ex = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxExporter.toBytes(model, OnnxExportOptions.defaults()));
        assertTrue(ex.getMessage().contains("attention masks from Keras masks are not exported"), ex.getMessage());
    }

    private static Tensor ramp(Shape s, double phase) {
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (Math.sin(0.7 * i + phase) + 0.3 * Math.cos(0.23 * i));
        }
        return Tensor.wrap(s, d);
    }
}
