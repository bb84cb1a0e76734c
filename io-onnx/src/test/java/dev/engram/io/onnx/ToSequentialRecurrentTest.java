package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.layers.Bidirectional;
import dev.engram.layers.Gru;
import dev.engram.layers.SimpleRnn;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link OnnxModel#toSequential()} on GRU, RNN and bidirectional graphs: PyTorch fixtures against
 * torch's outputs, and Engram's own exports back to layers against the original model.
 */
class ToSequentialRecurrentTest {
    private static final Agreement TORCH = new Agreement();
    private static final Agreement ROUND_TRIP = new Agreement();

    /** Engram exports that must convert back (functional models, merge mode none and other layers are refused). */
    private static final Set<String> CONVERTIBLE = Set.of("gru_last", "gru_reset_after_sequences",
            "gru_go_backwards_sequences", "gru_reset_after_no_bias_relu", "simple_rnn_last",
            "simple_rnn_relu_backwards_sequences", "bilstm_concat_sequences", "bigru_concat_last",
            "bigru_concat_sequences", "bilstm_concat_last", "birnn_concat_stacked", "bilstm_sum_sequences",
            "bilstm_mul_sequences", "bilstm_ave_sequences", "bilstm_sum_last", "bilstm_mul_last", "bilstm_ave_last",
            "bigru_sum_sequences", "bigru_mul_sequences", "bigru_ave_sequences", "bigru_sum_last", "bigru_mul_last",
            "bigru_ave_last",
            // Conv1D between Engram's Transposes (valid with strides, same with dilation and with an even kernel at
            // stride 2, causal), global pooling; LayerNormalization's export (NormImporter)
            "conv1d_valid_stride2_maxpool", "conv1d_same_dilation2_avgpool", "conv1d_same_stride2_even_kernel",
            "conv1d_causal_dilation_lstm", "layer_norm");

    @Test
    void torchFixturesConvertWithTorchOutputs() throws Exception {
        Map<String, Class<?>> expectFirst = Map.of("gru2_seqfirst_hn", Gru.class, "rnn_tanh_batchfirst_last",
                SimpleRnn.class, "bilstm_batchfirst_perstep_static", Bidirectional.class, "rnn_relu2_seqfirst_hn",
                SimpleRnn.class);
        List<Path> dirs = new ArrayList<>(FixtureCases.fixtureDirs(Path.of("src/test/resources/torch-onnx")));
        Optional<Path> shared = FixturePaths.shared("torch-onnx");
        if (shared.isPresent()) {
            dirs.addAll(FixtureCases.fixtureDirs(shared.get()));
        }
        int converted = 0;
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            Sequential s;
            try {
                s = OnnxModel.load(dir.resolve("model.onnx")).toSequential();
            } catch (UnsupportedOnnxException e) {
                assertTrue(!expectFirst.containsKey(name), name + " should convert: " + e.getMessage());
                continue;
            }
            converted++;
            if (expectFirst.containsKey(name)) {
                assertInstanceOf(expectFirst.get(name), s.layers().get(0), name);
            }
            for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                Tensor x = c.namedInputs().values().iterator().next();
                if (name.contains("seqfirst")) {
                    x = swap01(x); // the converted model takes [batch, seq, features]
                }
                TORCH.check(name + "/" + c.name(), c.namedOutputs().values().iterator().next(), s.predict(x));
            }
        }
        assertTrue(converted >= (shared.isPresent() ? 5 : 2), "converted only " + converted);
    }

    @Test
    void lastStepOfABidirectionalSequenceIsRefused() throws Exception {
        OnnxModel m = OnnxModel.load(Path.of("src/test/resources/torch-onnx/bigru_batchfirst_last/model.onnx"));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, m::toSequential);
        assertTrue(e.getMessage().contains("Gather"), e.getMessage());
    }

    @TestFactory
    List<DynamicTest> engramRecurrentExportsConvertBack() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : NetworkModels.all().entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Network model = e.getValue().get();
                byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
                if (!CONVERTIBLE.contains(e.getKey())) {
                    // the importer loads every export; the converter refuses merges, branches and other layers
                    OnnxModel loaded = OnnxModel.load(onnx, e.getKey());
                    assertThrows(UnsupportedOnnxException.class, loaded::toSequential, e.getKey());
                    return;
                }
                Sequential back = OnnxModel.load(onnx, e.getKey()).toSequential();
                for (int batch : new int[] {1, 5}) {
                    List<Tensor> xs = NetworkModels.inputs(e.getKey(), model, batch);
                    ROUND_TRIP.check(e.getKey() + "/batch" + batch, model.predict(xs).get(0), back.predict(xs.get(0)));
                }
            }));
        }
        return tests;
    }

    @Test
    void gruResetAfterKeepsBothBiasRows() throws Exception {
        Network model = NetworkModels.all().get("gru_reset_after_sequences").get();
        Sequential back = OnnxModel.load(OnnxExporter.toBytes(model, OnnxExportOptions.defaults()), "g").toSequential();
        Gru gru = (Gru) back.layers().get(0);
        assertTrue(gru.config().resetAfter());
        assertEquals(Shape.of(2, 12), gru.parameters().get(2).shape());
        assertEquals(model.layers().get(0).parameters().get(2).value(), gru.parameters().get(2).value());
    }

    static Tensor swap01(Tensor x) {
        int a = x.shape().dim(0);
        int b = x.shape().dim(1);
        int f = x.shape().dim(2);
        float[] d = new float[x.size()];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(x.buffer(), (i * b + j) * f, d, (j * a + i) * f, f);
            }
        }
        return Tensor.wrap(Shape.of(b, a, f), d);
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] toSequential (GRU/RNN/bidirectional) vs torch outputs: " + TORCH);
        System.out.println("[agreement] toSequential(export(recurrent model)) vs model: " + ROUND_TRIP);
    }
}
