package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Layers;
import dev.engram.models.Network;
import org.junit.jupiter.api.Test;

/** What the exporter refuses, and that the message says what and why. */
class ExportRefusalTest {
    private static String refusal(Network n) {
        return assertThrows(UnsupportedOnnxException.class,
                () -> OnnxExporter.toBytes(n, OnnxExportOptions.defaults())).getMessage();
    }

    @Test
    void maskConsumedByRecurrentLayerIsRefused() {
        String m = refusal(NetworkModels.seq(Layers.masking(0).inputShape(4, 2), Layers.lstm(3)));
        assertTrue(m.contains("'lstm'") && m.contains("mask made by 'masking'") && m.contains("refused"), m);
        m = refusal(NetworkModels.seq(Layers.embedding(5, 3).withMaskZero(true).inputShape(4),
                Layers.bidirectional(Layers.gru(2))));
        assertTrue(m.contains("mask made by 'embedding'") && m.contains("Bidirectional"), m);
    }

    @Test
    void maskedAveragePoolingIsRefused() {
        String m = refusal(NetworkModels.seq(Layers.embedding(5, 3).withMaskZero(true).inputShape(4),
                Layers.globalAveragePooling1d()));
        assertTrue(m.contains("masked pooling"), m);
    }

    @Test
    void statefulAndUnsupportedWrappersAreRefused() {
        Network stateful = NetworkModels.seq(Layers.gru(2).withStateful(true).inputShape(3, 2));
        // a stateful layer needs a fixed batch: build it by predicting once
        stateful.predict(NetworkModels.inputs("x", stateful, 2));
        assertTrue(refusal(stateful).contains("stateful"));
        String m = refusal(NetworkModels.seq(Layers.bidirectional(Layers.lstm(2).withGoBackwards(true)).inputShape(3, 2)));
        assertTrue(m.contains("goBackwards"), m);
        m = refusal(NetworkModels.seq(Layers.timeDistributed(Layers.conv1d(2, 2)).inputShape(3, 4, 2)));
        assertTrue(m.contains("TimeDistributed(Conv1D)"), m);
    }

    @Test
    void statefulConvLstm2dIsRefused() {
        Network stateful = NetworkModels.seq(Layers.convLstm2d(2, 2, 2).withStateful(true).inputShape(3, 4, 4, 1));
        stateful.predict(NetworkModels.inputs("x", stateful, 2));
        String m = refusal(stateful);
        assertTrue(m.contains("'conv_lstm2d'") && m.contains("ConvLSTM2D") && m.contains("stateful"), m);
    }

    @Test
    void sharedLayerWeightsAreWrittenOnce() throws Exception {
        Network n = NetworkModels.all().get("two_inputs_two_outputs_shared").get();
        var m = dev.engram.io.onnx.proto.Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(n, OnnxExportOptions.defaults()));
        long lstmWeights = m.getGraph().getInitializerList().stream().filter(t -> t.getName().startsWith("lstm_")).count();
        long lstmNodes = m.getGraph().getNodeList().stream().filter(x -> x.getOpType().equals("LSTM")).count();
        org.junit.jupiter.api.Assertions.assertEquals(3, lstmWeights, "W, R, B once");
        org.junit.jupiter.api.Assertions.assertEquals(2, lstmNodes, "one LSTM node per call");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("left", "right"),
                m.getGraph().getInputList().stream().map(x -> x.getName()).toList());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("output_0", "output_1"),
                m.getGraph().getOutputList().stream().map(x -> x.getName()).toList());
    }
}
