package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.io.onnx.proto.Onnx;
import dev.engram.layers.DataFormat;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerIdentity;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX {@code MaxPool}/{@code AveragePool} of images to pooling layers ({@link OnnxModel#toSequential()}):
 * Engram's export of the TF.js MNIST convnet (channels-last, pools between Transposes) and of a
 * channels-first model with same-padded strided pools come back as the same layers computing the same
 * numbers; a pool TF cannot express (padding counted in the average, ceil mode) is refused naming the node.
 */
class SpatialPoolImportTest {
    private static final Agreement AGREEMENT = new Agreement();

    @Test
    void theMnistConvnetComesBackLayerForLayer() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2d(8, 5).withActivation(Activations.relu()).inputShape(28, 28, 1),
                Layers.maxPooling2d(2, 2),
                Layers.conv2d(16, 5).withActivation(Activations.relu()),
                Layers.maxPooling2d(2, 2),
                Layers.flatten(),
                Layers.dense(10).withActivation(Activations.softmax()));
        assertEquals(layers(m), layers(roundTrip(m)));
    }

    @Test
    void channelsFirstSamePaddedStridedPoolsComeBack() throws Exception {
        DataFormat f = DataFormat.CHANNELS_FIRST;
        Sequential m = NetworkModels.seq(
                Layers.maxPooling2d(3, 2).withStrides(2, 2).withPadding(Padding.SAME).withDataFormat(f).inputShape(2, 7, 6),
                Layers.averagePooling2d(2, 2).withStrides(1, 1).withPadding(Padding.SAME).withDataFormat(f),
                Layers.averagePooling2d(2, 1).withDataFormat(f),
                Layers.flatten(), Layers.dense(2));
        assertEquals(layers(m), layers(roundTrip(m)));
    }

    @Test
    void poolsTfCannotExpressAreRefused() throws Exception {
        Sequential m = NetworkModels.seq(Layers.averagePooling2d(3, 3).withStrides(2, 2).withPadding(Padding.SAME)
                .withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(1, 6, 6), Layers.flatten());
        UnsupportedOnnxException counted = assertThrows(UnsupportedOnnxException.class,
                () -> edited(m, "count_include_pad", 1).toSequential());
        assertTrue(counted.getMessage().contains("(AveragePool)") && counted.getMessage().contains(
                "count_include_pad 1 averages the padding in"), counted.getMessage());
        UnsupportedOnnxException ceil = assertThrows(UnsupportedOnnxException.class,
                () -> edited(m, "ceil_mode", 1).toSequential());
        assertTrue(ceil.getMessage().contains("ceil_mode, dilations and the Indices output have no pooling layer"),
                ceil.getMessage());
    }

    /** {@code m}'s export with an integer attribute set on its pool node. */
    private static OnnxModel edited(Sequential m, String attr, long value) throws Exception {
        var model = Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(m, OnnxExportOptions.defaults())).toBuilder();
        for (var node : model.getGraphBuilder().getNodeBuilderList()) {
            if (node.getOpType().endsWith("Pool")) {
                for (int i = node.getAttributeCount() - 1; i >= 0; i--) {
                    if (node.getAttribute(i).getName().equals(attr)) {
                        node.removeAttribute(i);
                    }
                }
                node.addAttribute(Onnx.AttributeProto.newBuilder().setName(attr).setI(value)
                        .setType(Onnx.AttributeProto.AttributeType.INT));
            }
        }
        return OnnxModel.load(model.build().toByteArray(), "edited.onnx");
    }

    private static Sequential roundTrip(Sequential m) throws Exception {
        byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
        Sequential back = OnnxModel.load(onnx, "pool.onnx").toSequential();
        List<Tensor> xs = NetworkModels.inputs("pool", m, 3);
        AGREEMENT.check("round trip", m.predict(xs).get(0), back.predict(xs).get(0));
        return back;
    }

    /** Each layer's config without its name and input shape (the converter names layers itself). */
    private static List<LayerConfig<?>> layers(Sequential m) {
        return m.layers().stream().<LayerConfig<?>>map(l -> l.config().withIdentity(new LayerIdentity(null, null)))
                .toList();
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] pool import vs the model exported: " + AGREEMENT);
    }
}
