package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.Conv2DConfig;
import dev.engram.layers.Conv2DTransposeConfig;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.DataFormat;
import dev.engram.layers.FlattenConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX {@code Conv} and {@code ConvTranspose} to Conv2D and Conv2DTranspose layers ({@link OnnxModel#toSequential()}): Engram's own export of a
 * channels-last model (Transpose, Conv, Transpose), of a channels-first one (Conv on the NCHW input,
 * PyTorch's layout) and tf2onnx's Keras conversion come back as Conv2D layers with the same window,
 * layout, activation and weights; padding that is not TF's is refused with the node and the pads.
 */
class ConvImportTest {
    private static final Agreement AGREEMENT = new Agreement();

    @Test
    void engramsChannelsLastExportConvertsBackToTheSameLayers() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2d(4, 3, 2).withStrides(2, 1).withPadding(Padding.SAME).withActivation(Activations.relu())
                        .inputShape(9, 8, 2),
                Layers.conv2d(3, 3).withDilationRate(1, 2).withUseBias(false).withActivation(Activations.tanh()),
                Layers.conv2d(2, 1),
                Layers.flatten(), Layers.dense(2));
        Sequential back = roundTrip(m);
        assertEquals(layers(m), layers(back));
        Conv2DConfig first = (Conv2DConfig) back.layers().get(0).config();
        assertEquals(new Conv2DWindow(3, 2, 2, 1, 1, 1, Padding.SAME), first.window());
        assertEquals(DataFormat.CHANNELS_LAST, first.dataFormat());
        assertEquals(Activations.relu(), first.activation());
    }

    @Test
    void aChannelsFirstInputFeedingConvDirectlyIsAChannelsFirstConv2D() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2d(4, 3).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST)
                        .withActivation(Activations.sigmoid()).inputShape(3, 7, 6),
                Layers.conv2d(2, 2).withStrides(2).withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.flatten(), Layers.dense(3));
        Sequential back = roundTrip(m);
        assertEquals(layers(m), layers(back));
        assertEquals(DataFormat.CHANNELS_FIRST, ((Conv2DConfig) back.layers().get(1).config()).dataFormat());
    }

    @Test
    void engramsConvTransposeExportConvertsBackToTheSameLayers() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2dTranspose(3, 3, 2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(4, 5, 2),
                Layers.conv2dTranspose(2, 3).withStrides(2).withUseBias(false)
                        .withOutputPadding(new Conv2DTransposeConfig.OutputPadding(1, 0)),
                Layers.conv2dTranspose(2, 2).withStrides(3).withDataFormat(DataFormat.CHANNELS_LAST),
                Layers.conv2d(2, 3).withPadding(Padding.SAME),
                Layers.flatten(), Layers.dense(2));
        Sequential back = roundTrip(m);
        assertEquals(layers(m), layers(back));
    }

    @Test
    void engramsDepthwiseExportConvertsBackToDepthwiseLayers() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.depthwiseConv2d(3, 2).withDepthMultiplier(2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(7, 6, 3),
                Layers.depthwiseConv2d(3).withDilationRate(1, 2).withUseBias(false),
                Layers.flatten(), Layers.dense(2));
        Sequential back = roundTrip(m);
        assertEquals(layers(m), layers(back));
    }

    @Test
    void engramsGroupedExportConvertsBackToGroupedConv2DLayers() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2d(6, 3, 2).withGroups(2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(7, 6, 4),
                Layers.conv2d(4, 2).withGroups(2).withUseBias(false),
                Layers.flatten(), Layers.dense(2));
        Sequential back = roundTrip(m);
        assertEquals(layers(m), layers(back));
        assertEquals(2, ((Conv2DConfig) back.layers().get(1).config()).groups());
        Sequential cf = NetworkModels.seq(Layers.conv2d(4, 3).withGroups(2).withPadding(Padding.SAME)
                .withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(4, 5, 6), Layers.flatten(), Layers.dense(2));
        assertEquals(layers(cf), layers(roundTrip(cf)));
    }

    @Test
    void engramsSeparableExportConvertsToDepthwiseThenPointwiseLayers() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.separableConv2d(4, 3).withDepthMultiplier(2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(7, 6, 3),
                Layers.flatten(), Layers.dense(2));
        Sequential back = roundTrip(m);
        assertEquals(List.of("DepthwiseConv2D", "Conv2D", "Flatten", "Dense"),
                back.layers().stream().map(l -> l.typeName()).toList());
        assertEquals(Activations.relu(), ((Conv2DConfig) back.layers().get(1).config()).activation());
    }

    @Test
    void tf2onnxKerasConv2DConvertsToConv2DLayers() throws Exception {
        Path dir = Path.of("src/test/resources/tf2onnx/keras_conv2d");
        Sequential s = OnnxModel.load(dir.resolve("model.onnx")).toSequential();
        assertEquals(List.of("Conv2D", "Conv2D", "Conv2D", "Flatten", "Dense"),
                s.layers().stream().map(l -> l.typeName()).toList());
        Conv2DConfig second = (Conv2DConfig) s.layers().get(1).config();
        assertEquals(new Conv2DWindow(3, 3, 1, 1, 1, 2, Padding.VALID), second.window());
        assertEquals(Activations.tanh(), second.activation());
        for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
            AGREEMENT.check("keras_conv2d/" + c.name(), c.namedOutputs().get("y"), s.predict(c.namedInputs().get("x")));
        }
    }

    @Test
    void padsThatAreNotTfSamePaddingAreRefused() throws Exception {
        // PyTorch's Conv2d(3, stride 2, padding 1) on an even image pads one pixel at each side; TF pads 0 and 1.
        Sequential m = NetworkModels.seq(Layers.conv2d(2, 3).withStrides(2).withPadding(Padding.SAME)
                .withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(1, 6, 6), Layers.flatten());
        byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
        String text = new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("pads"), "the export writes explicit pads");
        var model = dev.engram.io.onnx.proto.Onnx.ModelProto.parseFrom(onnx).toBuilder();
        var g = model.getGraphBuilder();
        for (var node : g.getNodeBuilderList()) {
            if (node.getOpType().equals("Conv")) {
                for (var a : node.getAttributeBuilderList()) {
                    if (a.getName().equals("pads")) {
                        a.clearInts().addAllInts(List.of(1L, 1L, 1L, 1L));
                    }
                }
            }
        }
        OnnxModel loaded = OnnxModel.load(model.build().toByteArray(), "torch_like.onnx");
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, loaded::toSequential);
        assertTrue(e.getMessage().contains("(Conv)") && e.getMessage().contains("pads [1, 1, 1, 1] on a [6, 6] image"
                + " are neither none (valid) nor TF's same padding"), e.getMessage());
    }

    private static Sequential roundTrip(Sequential m) throws Exception {
        byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
        Sequential back = OnnxModel.load(onnx, "conv.onnx").toSequential();
        List<Tensor> xs = NetworkModels.inputs("conv", m, 3);
        AGREEMENT.check("round trip", m.predict(xs).get(0), back.predict(xs).get(0));
        return back;
    }

    /** Each layer's config without its name and input shape (the converter names layers itself). */
    private static List<LayerConfig<?>> layers(Sequential m) {
        return m.layers().stream().<LayerConfig<?>>map(l -> l.config() instanceof FlattenConfig f ? f.withName(null)
                : l.config().withIdentity(new dev.engram.layers.LayerIdentity(null, null))).toList();
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] Conv import vs the model exported or Keras: " + AGREEMENT);
    }
}
