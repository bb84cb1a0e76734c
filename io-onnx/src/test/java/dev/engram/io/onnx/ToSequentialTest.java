package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.Layers;
import dev.engram.layers.Lstm;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link OnnxModel#toSequential()}: trainable engine layers from PyTorch and Engram ONNX graphs. */
class ToSequentialTest {
    private static final Agreement TORCH = new Agreement();
    private static final Agreement ROUND_TRIP = new Agreement();

    @Test
    void torchLstmBecomesLstmAndDenseWithTorchOutputs() throws Exception {
        Optional<Path> root = FixturePaths.shared("torch-onnx/lstm1_batchfirst_last");
        assumeTrue(root.isPresent(), "shared torch-onnx fixtures not found");
        Sequential s = OnnxModel.load(root.get().resolve("model.onnx")).toSequential();
        assertEquals(2, s.layers().size());
        Lstm lstm = (Lstm) s.layers().get(0);
        assertEquals(Activations.sigmoid(), lstm.config().recurrentActivation());
        assertEquals(false, lstm.config().returnSequences());
        for (FixtureCases.Case c : FixtureCases.read(root.get().resolve("cases.json"))) {
            TORCH.check("lstm1_batchfirst_last/" + c.name(), c.namedOutputs().get("y"), s.predict(c.namedInputs().get("x")));
        }
    }

    /**
     * The module's own PyTorch fixtures whose graph is an LSTM: each must convert to a Sequential that
     * starts with an {@link Lstm} and reproduce torch's outputs. The others are named in
     * {@link #OWN_NOT_LSTM} (recurrent ones are ToSequentialRecurrentTest's; initial-state inputs are
     * refused below; image ones are ImageImportFixturesTest's), so a fixture added without a decision fails here.
     */
    private static final List<String> OWN_LSTM = List.of("lstm2_batchfirst_perstep");
    private static final List<String> OWN_NOT_LSTM = List.of("bigru_batchfirst_last", "lstm_initial_state_inputs",
            "rnn_relu2_seqfirst_hn",
            // image import (ImageImportFixturesTest)
            "conv3d_linear", "conv_transpose1d_linear", "upsample_bilinear", "upsample_nearest_conv",
            "conv1d_ncl_linear");

    @Test
    void ownTorchLstmFixturesConvert() throws Exception {
        Path root = Path.of("src/test/resources/torch-onnx");
        List<String> present = FixtureCases.fixtureDirs(root).stream().map(d -> d.getFileName().toString()).toList();
        List<String> named = new ArrayList<>(OWN_LSTM);
        named.addAll(OWN_NOT_LSTM);
        assertEquals(named.stream().sorted().toList(), present, "own torch-onnx fixtures (name each in OWN_LSTM or "
                + "OWN_NOT_LSTM)");
        for (String name : OWN_LSTM) {
            Path dir = root.resolve(name);
            Sequential s = OnnxModel.load(dir.resolve("model.onnx")).toSequential();
            assertTrue(s.layers().get(0) instanceof Lstm, name + ": first layer " + s.layers().get(0));
            for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                Tensor x = c.namedInputs().values().iterator().next();
                TORCH.check(name + "/" + c.name(), c.namedOutputs().values().iterator().next(), s.predict(x));
            }
        }
    }

    @Test
    void sharedFixturesThatDoNotMapAreRefusedWithTheReason() throws Exception {
        // GRU, RNN and concat-merged bidirectional graphs now convert (ToSequentialRecurrentTest); a torch
        // model with initial-state inputs still does not.
        OnnxModel m = OnnxModel.load(Path.of("src/test/resources/torch-onnx/lstm_initial_state_inputs/model.onnx"));
        UnsupportedOnnxException ex = assertThrows(UnsupportedOnnxException.class, m::toSequential);
        assertTrue(ex.getMessage().contains("cannot convert to a Sequential model"), ex.getMessage());
        assertTrue(ex.getMessage().contains("inputs"), ex.getMessage());
    }

    @TestFactory
    List<DynamicTest> engramExportsConvertBack() {
        List<DynamicTest> tests = new ArrayList<>();
        var models = new java.util.LinkedHashMap<>(TestModels.all());
        models.remove("dense_activations"); // relu6/swish/gelu export as formulas: checked below
        models.remove("dense_keras3_activations"); // likewise log_sigmoid, squareplus, sparse_plus, ...
        models.put("dense_mappable_keras3_activations", () -> TestModels.model(
                Layers.dense(6).withActivation(Activations.hardSilu()).inputShape(4),
                Layers.dense(6).withActivation(Activations.celu()),
                Layers.dense(6).withActivation(Activations.hardShrink()),
                Layers.dense(6).withActivation(Activations.softShrink()),
                Layers.dense(4).withActivation(Activations.exponential()),
                Layers.dense(3).withActivation(Activations.logSoftmax())));
        models.put("dense_mappable_activations", () -> TestModels.model(
                Layers.dense(6).withActivation(Activations.relu()).inputShape(4),
                Layers.dense(6).withActivation(Activations.elu(0.5)),
                Layers.dense(6).withActivation(Activations.selu()),
                Layers.dense(6).withActivation(Activations.hardSigmoid()),
                Layers.dense(5).withActivation(Activations.softplus()),
                Layers.dense(5).withActivation(Activations.softsign()),
                Layers.dense(3).withActivation(Activations.softmax())));
        for (var e : models.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Sequential model = e.getValue().get();
                byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
                Sequential back = OnnxModel.load(onnx, e.getKey()).toSequential();
                assertEquals(model.layers().stream().filter(l -> !l.typeName().equals("Dropout")).count(),
                        back.layers().size());
                for (int batch : new int[] {1, 5}) {
                    Tensor x = TestModels.input(model, batch);
                    ROUND_TRIP.check(e.getKey() + "/batch" + batch, model.predict(x), back.predict(x));
                }
            }));
        }
        return tests;
    }

    /** An activation exported as a formula (swish: x * sigmoid(x)) converts back into the Dense's activation. */
    @Test
    void formulaActivationsConvertBack() throws Exception {
        Sequential model = TestModels.model(Layers.dense(3).withActivation(Activations.swish()).inputShape(2));
        OnnxModel m = OnnxModel.load(OnnxExporter.toBytes(model, OnnxExportOptions.defaults()), "swish.onnx");
        Sequential back = m.toSequential();
        assertEquals(Activations.swish(), ((dev.engram.layers.DenseConfig) back.layers().get(0).config()).activation());
        Tensor x = TestModels.input(model, 4);
        ROUND_TRIP.check("swish", model.predict(x), back.predict(x));
    }

    /** A formula no engine activation computes (x * tanh(x)) is refused, naming the value it branches at. */
    @Test
    void formulaActivationsNoLayerComputesAreRefused() throws Exception {
        OpGraph g = new OpGraph(13, 2, 3);
        String t = g.node("Tanh", List.of("x"));
        byte[] onnx = g.build(g.node("Mul", List.of("x", t)));
        OnnxModel m = OnnxModel.load(onnx, "xtanh.onnx");
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, m::toSequential);
        assertTrue(e.getMessage().contains("xtanh.onnx") && e.getMessage().contains("feeds 2 nodes"), e.getMessage());
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] toSequential vs torch outputs: " + TORCH);
        System.out.println("[agreement] toSequential(export(model)) vs model: " + ROUND_TRIP);
    }
}
