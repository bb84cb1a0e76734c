package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.DataFormat;
import dev.engram.layers.GroupNormalization;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerIdentity;
import dev.engram.layers.Layers;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX GroupNormalization to the engine's GroupNormalization layer. The op: files written around Keras 2.18
 * GroupNormalization layers ({@code resources/onnx-groupnorm}, gen_group_norm.py: opset 21 between tf2onnx-style
 * Transposes, opset 18 with a per-group scale on NCHW, opset 21 on a channels-first sequence) run in ONNX Runtime, in
 * the graph runtime and as converted models, all matching Keras's outputs. Engram's own export (Reshape, ReduceMean,
 * Sub, Sqrt, Div, Reshape, Mul, Add) comes back as the same layer on images of both layouts, sequences and vectors,
 * with and without gamma and beta.
 */
class GroupNormImportTest {
    private static final Agreement KERAS = new Agreement();
    private static final Agreement ROUND_TRIP = new Agreement();

    @Test
    void onnxGroupNormalizationFilesBecomeTheLayerAndMatchKeras() throws Exception {
        Map<String, Integer> axes = Map.of("group_norm21_nchw_transposed", -1, "group_norm18_nchw", 1,
                "group_norm21_sequence", 1);
        for (var e : axes.entrySet()) {
            Path dir = Path.of("src/test/resources/onnx-groupnorm", e.getKey());
            byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
            OnnxModel model = OnnxModel.load(dir.resolve("model.onnx"));
            Model net = model.toNetwork();
            List<GroupNormalization> norms = net.layers().stream().filter(l -> l instanceof GroupNormalization)
                    .map(l -> (GroupNormalization) l).toList();
            assertEquals(1, norms.size(), e.getKey() + ": " + net.layers());
            assertEquals(e.getValue(), norms.get(0).config().axis(), e.getKey() + ": channel axis");
            for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                Tensor x = c.namedInputs().get("x");
                Tensor want = c.namedOutputs().get("y");
                String what = e.getKey() + "/" + c.name();
                KERAS.check(what + " ONNX Runtime", want, OrtRunner.run(bytes, "x", x));
                KERAS.check(what + " predict", want, model.predict(x));
                KERAS.check(what + " toNetwork", want, net.predict(x));
            }
        }
    }

    @Test
    void engramsExportComesBackAsTheLayer() throws Exception {
        DataFormat first = DataFormat.CHANNELS_FIRST;
        List<Sequential> models = List.of(
                NetworkModels.seq(Layers.conv2d(6, 3).inputShape(7, 6, 2), Layers.groupNormalization(3),
                        Layers.flatten(), Layers.dense(2)),
                NetworkModels.seq(Layers.conv2d(4, 2).withDataFormat(first).inputShape(2, 5, 6),
                        Layers.groupNormalization(2).withAxis(1).withEpsilon(1e-2).withCenter(false)),
                NetworkModels.seq(Layers.dense(8).inputShape(5, 3), Layers.groupNormalization(4).withScale(false)),
                NetworkModels.seq(Layers.dense(6).inputShape(4), Layers.groupNormalization(6).withEpsilon(1e-5)));
        for (Sequential m : models) {
            byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
            Model back = OnnxModel.load(onnx, "export.onnx").toNetwork();
            assertEquals(NetworkModels.configs(m), NetworkModels.configs(back));
            List<Tensor> xs = NetworkModels.inputs("export", m, 3);
            ROUND_TRIP.check("toNetwork(export)", m.predict(xs).get(0), back.predict(xs).get(0));
            assertTrue(OnnxModel.load(onnx, "export.onnx").toSequential().layers().stream()
                    .anyMatch(l -> l instanceof GroupNormalization));
        }
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] GroupNormalization files vs Keras (ORT, predict, toNetwork): " + KERAS);
        System.out.println("[agreement] GroupNormalization, toNetwork(export) vs the model: " + ROUND_TRIP);
    }
}
