package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.DataFormat;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerIdentity;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.models.Model;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real exporters' image graphs converted to engine layers: Keras models through tf2onnx 1.17
 * ({@code resources/tf2onnx/keras_*}, gen_tf2onnx.py) and PyTorch 1.13 modules through {@code torch.onnx.export}
 * ({@code resources/torch-onnx}, gen_torch_fixtures.py). For each: ONNX Runtime on the file computes the peer's own
 * outputs, and {@link OnnxModel#toNetwork()} gives a model with the expected layers (Resize as UpSampling2D or
 * Resizing, 3-D Conv as Conv3D, 1-D ConvTranspose as Conv1DTranspose, PyTorch's NCL Conv1d and MaxPool1d as
 * channels-first Conv1D and MaxPooling1D) that computes them too (rtol 1e-5, atol 1e-6).
 * Tf2OnnxFixturesTest and TorchOnnxFixturesTest run the same files through the graph runtime.
 */
class ImageImportFixturesTest {
    private static final Agreement ENGRAM = new Agreement();
    private static final Agreement ORT = new Agreement();
    private static final Agreement ROUND_TRIP = new Agreement();

    /** A fixture folder and the layer classes its conversion must contain, in order. */
    private record Fixture(String dir, List<String> layers) {
    }

    private static final List<Fixture> FIXTURES = List.of(
            new Fixture("tf2onnx/keras_upsampling2d", List.of("Conv2D", "UpSampling2D", "Conv2D")),
            new Fixture("tf2onnx/keras_resizing", List.of("Resizing", "Resizing", "Conv2D")),
            new Fixture("torch-onnx/upsample_nearest_conv", List.of("Conv2D", "UpSampling2D", "Conv2D")),
            new Fixture("torch-onnx/upsample_bilinear", List.of("Resizing", "Conv2D", "Resizing")),
            new Fixture("tf2onnx/keras_conv3d", List.of("Conv3D", "Conv3D", "Flatten", "Dense")),
            new Fixture("torch-onnx/conv3d_linear", List.of("Conv3D", "Conv3D", "Flatten", "Dense")),
            new Fixture("torch-onnx/conv_transpose1d_linear", List.of("Conv1DTranspose", "Conv1DTranspose", "Flatten",
                    "Dense")),
            new Fixture("torch-onnx/conv1d_ncl_linear", List.of("Conv1D", "Conv1D", "Pooling1D", "Flatten", "Dense")));

    @TestFactory
    List<DynamicTest> convertedModelsAndOnnxRuntimeMatchThePeer() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixture f : FIXTURES) {
            Path dir = Path.of("src/test/resources").resolve(f.dir());
            tests.add(DynamicTest.dynamicTest(f.dir(), () -> {
                byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve("model.onnx"));
                Model m = OnnxModel.load(dir.resolve("model.onnx")).toNetwork();
                List<String> kinds = m.layers().stream().map(l -> l.getClass().getSimpleName())
                        .filter(k -> !k.equals("InputLayer") && !k.equals("Activation")).toList();
                assertEquals(f.layers(), kinds, f.dir() + ": converted layers");
                for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                    Map.Entry<String, Tensor> in = c.namedInputs().entrySet().iterator().next();
                    Tensor want = c.namedOutputs().values().iterator().next();
                    ORT.check(f.dir() + "/" + c.name() + " ONNX Runtime", want,
                            OrtRunner.run(bytes, in.getKey(), in.getValue()));
                    ENGRAM.check(f.dir() + "/" + c.name() + " toNetwork", want, m.predict(in.getValue()));
                }
            }));
        }
        return tests;
    }

    /**
     * Engram's own exports come back as the same layers: Conv3D (channels-last between Transposes, channels-first as
     * is; valid and same with strides; grouped), Conv1DTranspose (valid, same, output padding, dilation) and Conv1D
     * (channels-last and channels-first: valid, same with strides, causal with dilation, grouped; with pooling), each computing
     * what the exported model computes.
     */
    @Test
    void engramsConv3dAndConv1dTransposeExportsComeBack() throws Exception {
        DataFormat first = DataFormat.CHANNELS_FIRST;
        List<Sequential> models = List.of(
                NetworkModels.seq(Layers.conv3d(3, 2, 3, 2).withStrides(1, 2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(4, 5, 6, 2), Layers.conv3d(2, 1),
                        Layers.flatten(), Layers.dense(2)),
                NetworkModels.seq(Layers.conv3d(3, 2, 2, 3).withDataFormat(first).withStrides(2, 1, 2)
                        .withPadding(Padding.SAME).inputShape(2, 5, 4, 6), Layers.flatten()),
                NetworkModels.seq(Layers.conv3d(4, 2).withGroups(2).withPadding(Padding.SAME).inputShape(3, 4, 5, 4),
                        Layers.conv3d(2, 1, 2, 1).withGroups(2), Layers.flatten()),
                NetworkModels.seq(Layers.conv1dTranspose(3, 3).withStrides(2).withPadding(Padding.SAME)
                        .withActivation(Activations.tanh()).inputShape(5, 2), Layers.conv1dTranspose(2, 2)
                        .withDilationRate(2), Layers.conv1dTranspose(2, 3).withStrides(2).withOutputPadding(1)),
                // Conv1D: channels-last (between Transposes; pooling too), and channels-first (ONNX's own layout)
                NetworkModels.seq(Layers.conv1d(4, 3).withStrides(2).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(9, 2), Layers.conv1d(6, 2).withGroups(2)
                        .withPadding(Padding.CAUSAL).withDilationRate(2), Layers.maxPooling1d(2),
                        Layers.conv1d(2, 1).withUseBias(false)),
                NetworkModels.seq(Layers.conv1d(4, 3).withStrides(2).withPadding(Padding.SAME).withDataFormat(first)
                        .withActivation(Activations.tanh()).inputShape(3, 9), Layers.conv1d(6, 2).withGroups(2)
                        .withPadding(Padding.CAUSAL).withDilationRate(2).withDataFormat(first),
                        Layers.averagePooling1d(2).withPadding(Padding.SAME).withDataFormat(first),
                        Layers.conv1d(2, 2).withDataFormat(first), Layers.flatten(), Layers.dense(2)),
                NetworkModels.seq(Layers.conv1d(4, 3).withDataFormat(first).inputShape(3, 9),
                        Layers.globalAveragePooling1d().withDataFormat(first).withUseMask(false), Layers.dense(2)),
                NetworkModels.seq(Layers.conv1d(4, 3).withPadding(Padding.SAME).inputShape(9, 3),
                        Layers.globalMaxPooling1d().withUseMask(false), Layers.dense(2)));
        for (Sequential m : models) {
            byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
            Model back = OnnxModel.load(onnx, "export.onnx").toNetwork();
            assertEquals(NetworkModels.configs(m), NetworkModels.configs(back));
            List<Tensor> xs = NetworkModels.inputs("export", m, 3);
            ROUND_TRIP.check("toNetwork(export)", m.predict(xs).get(0), back.predict(xs).get(0));
        }
    }

    /**
     * DepthwiseConv1D and SeparableConv1D exports (channels-last and channels-first) convert to the Conv1D layers
     * that compute them: the depthwise step is a Conv1D with one group per channel, the pointwise step a 1-tap
     * Conv1D; the converted model predicts what the exported one does.
     */
    @Test
    void depthwiseAndSeparableConv1dExportsConvertToConv1dLayers() throws Exception {
        DataFormat first = DataFormat.CHANNELS_FIRST;
        Map<Sequential, List<String>> models = new java.util.LinkedHashMap<>();
        models.put(NetworkModels.seq(Layers.depthwiseConv1d(3).withDepthMultiplier(2).withStrides(2)
                .withPadding(Padding.SAME).withActivation(Activations.relu()).inputShape(9, 3),
                Layers.depthwiseConv1d(2).withDilationRate(2).withUseBias(false)), List.of("Conv1D", "Conv1D"));
        models.put(NetworkModels.seq(Layers.separableConv1d(4, 3).withDepthMultiplier(2).withDataFormat(first)
                .withActivation(Activations.tanh()).inputShape(3, 9), Layers.flatten(), Layers.dense(2)),
                List.of("Conv1D", "Conv1D", "Flatten", "Dense"));
        for (var e : models.entrySet()) {
            Sequential m = e.getKey();
            Model back = OnnxModel.load(OnnxExporter.toBytes(m, OnnxExportOptions.defaults()), "export.onnx")
                    .toNetwork();
            assertEquals(e.getValue(), back.layers().stream().map(l -> l.getClass().getSimpleName())
                    .filter(k -> !k.equals("InputLayer") && !k.equals("Activation")).toList());
            List<Tensor> xs = NetworkModels.inputs("export", m, 3);
            ROUND_TRIP.check("toNetwork(depthwise/separable export)", m.predict(xs).get(0), back.predict(xs).get(0));
        }
    }

    /** Resize forms no layer samples like are refused naming the node and why; they still run in predict. */
    @Test
    void resizeWithoutAnExactLayerIsRefused() throws Exception {
        OpGraph cubic = new OpGraph(13, 1, 2, 4, 5);
        String y = cubic.node("Resize", List.of("x", "", cubic.floats(new int[] {4}, 1, 1, 2, 2)),
                OpGraph.s("mode", "cubic"));
        byte[] bytes = cubic.build(y);
        String m = assertThrows(UnsupportedOnnxException.class, () -> OnnxModel.load(bytes, "cubic.onnx")
                .toNetwork()).getMessage();
        assertTrue(m.contains("(mode cubic, half_pixel") && m.contains("samples other cells or weights"), m);
        OnnxModel.load(bytes, "cubic.onnx").predict(Tensor.zeros(dev.engram.tensor.Shape.of(1, 2, 4, 5)));
        OpGraph channels = new OpGraph(13, 1, 2, 4, 5);
        y = channels.node("Resize", List.of("x", "", channels.floats(new int[] {4}, 1, 2, 2, 2)));
        byte[] b2 = channels.build(y);
        m = assertThrows(UnsupportedOnnxException.class, () -> OnnxModel.load(b2, "c.onnx").toNetwork()).getMessage();
        assertTrue(m.contains("resizes the batch or channel axis"), m);
        OpGraph dynamic = new OpGraph(13, 1, 2, 4, 5);
        String shape = dynamic.node("Shape", List.of("x"));
        y = dynamic.node("Resize", List.of("x", "", "", shape));
        // An open batch keeps the sizes a run-time value (with every dimension fixed, folding makes them constant).
        var proto = dev.engram.io.onnx.proto.Onnx.ModelProto.parseFrom(dynamic.build(y)).toBuilder();
        proto.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(0).clearDimValue().setDimParam("batch");
        byte[] b3 = proto.build().toByteArray();
        m = assertThrows(UnsupportedOnnxException.class, () -> OnnxModel.load(b3, "d.onnx").toNetwork()).getMessage();
        assertTrue(m.contains("is computed at run time"), m);
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] image fixtures, toNetwork() vs the peer: " + ENGRAM);
        System.out.println("[agreement] image fixtures, ONNX Runtime vs the peer: " + ORT);
        System.out.println("[agreement] Conv3D/Conv1DTranspose, toNetwork(export) vs the model: " + ROUND_TRIP);
    }
}
