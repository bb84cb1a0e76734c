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
import dev.engram.models.Model;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX image ops other than Conv and the windowed pools back to layers ({@link OnnxModel#toSequential()}):
 * Engram's export of global pooling over an image (channels-last and channels-first, with and without
 * keepdims), of ZeroPadding2D ({@code Pad}), Cropping2D ({@code Slice}) and UpSampling2D ({@code Unsqueeze},
 * {@code Tile}, {@code Reshape}) comes back as the same layers computing the same numbers; a reduction,
 * pad, slice or tile of other axes is refused naming the node.
 */
class ImageOpsImportTest {
    private static final Agreement AGREEMENT = new Agreement();

    @Test
    void channelsLastGlobalPoolsComeBack() throws Exception {
        Sequential avg = NetworkModels.seq(
                Layers.conv2d(4, 3).withActivation(Activations.relu()).inputShape(7, 6, 2),
                Layers.globalAveragePooling2d(),
                Layers.dense(3));
        assertEquals(layers(avg), layers(roundTrip(avg)));
        Sequential max = NetworkModels.seq(
                Layers.conv2d(4, 3).inputShape(7, 6, 2),
                Layers.globalMaxPooling2d().withKeepDims(true),
                Layers.flatten(),
                Layers.dense(3));
        assertEquals(layers(max), layers(roundTrip(max)));
    }

    @Test
    void channelsFirstGlobalPoolsComeBack() throws Exception {
        DataFormat f = DataFormat.CHANNELS_FIRST;
        Sequential avg = NetworkModels.seq(
                Layers.conv2d(4, 3).withDataFormat(f).inputShape(2, 7, 6),
                Layers.globalAveragePooling2d().withDataFormat(f),
                Layers.dense(3));
        assertEquals(layers(avg), layers(roundTrip(avg)));
        Sequential max = NetworkModels.seq(
                Layers.conv2d(4, 3).withDataFormat(f).inputShape(2, 7, 6),
                Layers.globalMaxPooling2d().withDataFormat(f).withKeepDims(true),
                Layers.flatten());
        assertEquals(layers(max), layers(roundTrip(max)));
    }

    @Test
    void poolsOfAChannelsLastImageTransposedToNchwComeBack() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2d(4, 3).inputShape(7, 6, 2),
                Layers.globalAveragePooling2d(),
                Layers.dense(3));
        List<Tensor> xs = NetworkModels.inputs("image", m, 3);
        Sequential reduced = pooledInNchw(m, "ReduceMean", false).toSequential();
        assertEquals(layers(m), layers(reduced));
        AGREEMENT.check("ReduceMean [2, 3] of NCHW", m.predict(xs).get(0), reduced.predict(xs).get(0));
        Sequential flat = NetworkModels.seq(
                Layers.conv2d(4, 3).inputShape(7, 6, 2),
                Layers.globalMaxPooling2d().withKeepDims(true),
                Layers.flatten());
        Sequential global = pooledInNchw(flat, "ReduceMax", true).toSequential();
        AGREEMENT.check("GlobalMaxPool of NCHW", flat.predict(xs).get(0), global.predict(xs).get(0));
    }

    @Test
    void paddingAndCroppingComeBackInBothLayouts() throws Exception {
        Sequential last = NetworkModels.seq(
                Layers.conv2d(3, 2).inputShape(7, 6, 2),
                Layers.zeroPadding2d(1, 2, 0, 3),
                Layers.conv2d(2, 3),
                Layers.cropping2d(2, 1, 0, 2),
                Layers.flatten(), Layers.dense(2));
        assertEquals(layers(last), layers(roundTrip(last)));
        DataFormat f = DataFormat.CHANNELS_FIRST;
        Sequential first = NetworkModels.seq(
                Layers.zeroPadding2d(2, 0, 1, 1).withDataFormat(f).inputShape(2, 5, 6),
                Layers.conv2d(3, 2).withDataFormat(f),
                Layers.cropping2d(0, 1, 2, 0).withDataFormat(f),
                Layers.flatten());
        assertEquals(layers(first), layers(roundTrip(first)));
    }

    /**
     * tf2onnx's transpose optimiser pushes the Transposes of a channels-last model past Pad and Slice:
     * written here from Engram's export by dropping the Transposes around them and moving their axes to NCHW.
     */
    @Test
    void paddingAndCroppingOfAChannelsLastImageTransposedToNchwComeBack() throws Exception {
        Sequential m = NetworkModels.seq(
                Layers.conv2d(3, 2).inputShape(7, 6, 2),
                Layers.zeroPadding2d(1, 2, 0, 3),
                Layers.conv2d(2, 3),
                Layers.cropping2d(2, 1, 0, 2),
                Layers.conv2d(2, 1),
                Layers.flatten(), Layers.dense(2));
        var model = Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(m, OnnxExportOptions.defaults())).toBuilder();
        var graph = model.getGraphBuilder();
        for (String op : List.of("Pad", "Slice")) {
            int at = 0;
            while (!graph.getNode(at).getOpType().equals(op)) {
                at++;
            }
            var before = graph.getNode(at - 1);
            var after = graph.getNode(at + 1);
            assertEquals("Transpose", before.getOpType());
            assertEquals("Transpose", after.getOpType());
            var node = graph.getNodeBuilder(at).setInput(0, before.getInput(0)).setOutput(0, after.getOutput(0));
            for (var t : graph.getInitializerBuilderList()) {
                if (op.equals("Pad") && t.getName().equals(node.getInput(1))) {
                    long[] p = longs(t);
                    t.clearRawData().clearInt64Data().addAllInt64Data(List.of(0L, 0L, p[1], p[2], 0L, 0L, p[5], p[6]));
                } else if (op.equals("Slice") && t.getName().equals(node.getInput(3))) {
                    t.clearRawData().clearInt64Data().addAllInt64Data(List.of(2L, 3L));
                }
            }
            graph.removeNode(at + 1);
            graph.removeNode(at - 1);
        }
        Sequential back = OnnxModel.load(model.build().toByteArray(), "nchw.onnx").toSequential();
        assertEquals(layers(m), layers(back));
        List<Tensor> xs = NetworkModels.inputs("image", m, 3);
        AGREEMENT.check("Pad and Slice of NCHW", m.predict(xs).get(0), back.predict(xs).get(0));
    }

    @Test
    void padsAndSlicesOfOtherAxesAreRefusedNamingTheNode() throws Exception {
        Sequential m = NetworkModels.seq(Layers.conv2d(2, 1).inputShape(4, 4, 2), Layers.zeroPadding2d(1, 1, 1, 1),
                Layers.flatten());
        UnsupportedOnnxException pad = assertThrows(UnsupportedOnnxException.class,
                () -> withLongs(m, "Pad", 1, 0, 0, 0, 1, 0, 0, 0, 1).toSequential());
        assertTrue(pad.getMessage().contains("(Pad)") && pad.getMessage().contains(
                "maps to ZeroPadding2D only as zeros (mode constant) on the rows and columns (axes 1, 2) of this "
                + "channels-last image"), pad.getMessage());
        Sequential c = NetworkModels.seq(Layers.conv2d(2, 1).inputShape(4, 4, 2), Layers.cropping2d(1, 1, 1, 1),
                Layers.flatten());
        UnsupportedOnnxException slice = assertThrows(UnsupportedOnnxException.class,
                () -> withLongs(c, "Slice", 3, 2, 3).toSequential());
        assertTrue(slice.getMessage().contains("(Slice)") && slice.getMessage().contains(
                "maps to Cropping2D only as a step-1 crop of the rows and columns (axes 1, 2)"), slice.getMessage());
    }

    @Test
    void upSamplingComesBackInBothLayouts() throws Exception {
        Sequential last = NetworkModels.seq(
                Layers.conv2d(3, 2).inputShape(5, 4, 2),
                Layers.upSampling2d(2, 3),
                Layers.conv2d(2, 3),
                Layers.flatten(), Layers.dense(2));
        assertEquals(layers(last), layers(roundTrip(last)));
        DataFormat f = DataFormat.CHANNELS_FIRST;
        Sequential first = NetworkModels.seq(
                Layers.conv2d(3, 2).withDataFormat(f).inputShape(2, 4, 5),
                Layers.upSampling2d(3, 1).withDataFormat(f),
                Layers.flatten());
        assertEquals(layers(first), layers(roundTrip(first)));
    }

    @Test
    void aTileOfOtherAxesIsRefusedNamingTheNode() throws Exception {
        Sequential m = NetworkModels.seq(Layers.conv2d(2, 1).inputShape(4, 4, 2), Layers.upSampling2d(2, 2),
                Layers.flatten());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> withLongs(m, "Tile", 1, 1, 1, 2, 1, 2, 2).toSequential());
        assertTrue(e.getMessage().contains("(Tile)") && e.getMessage().contains("Tile maps to an UpSampling2D only "
                + "on an image split by Unsqueeze, repeating the size-1 axes 2 and 4 alone, got repeats "
                + "[1, 1, 2, 1, 2, 2]"), e.getMessage());
    }

    @Test
    void aReductionOverOtherAxesIsRefusedNamingTheNode() throws Exception {
        Sequential m = NetworkModels.seq(Layers.conv2d(4, 3).inputShape(7, 6, 2), Layers.globalAveragePooling2d());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> withAxes(m, "ReduceMean", 1, 3).toSequential());
        assertTrue(e.getMessage().contains("(ReduceMean)") && e.getMessage().contains(
                "maps to a global pooling layer only over the rows and columns [1, 2]"), e.getMessage());
    }

    /** The integers of an int64 initializer, raw or listed. */
    private static long[] longs(Onnx.TensorProto.Builder t) {
        if (t.getRawData().isEmpty()) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        var buffer = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        long[] r = new long[buffer.remaining()];
        buffer.get(r);
        return r;
    }

    /** {@code m}'s export with the {@code index}-th input of its {@code op} nodes, a constant, replaced. */
    private static OnnxModel withLongs(Sequential m, String op, int index, long... values) throws Exception {
        var model = Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(m, OnnxExportOptions.defaults())).toBuilder();
        var graph = model.getGraphBuilder();
        for (var node : graph.getNodeBuilderList()) {
            for (var t : graph.getInitializerBuilderList()) {
                if (node.getOpType().equals(op) && t.getName().equals(node.getInput(index))) {
                    t.clearRawData().clearInt64Data().clearDims().addDims(values.length)
                            .addAllInt64Data(LongStream.of(values).boxed().toList());
                }
            }
        }
        return OnnxModel.load(model.build().toByteArray(), "edited.onnx");
    }

    /** {@code m}'s export with the reduction axes of its {@code op} nodes (attribute or input) replaced. */
    private static OnnxModel withAxes(Sequential m, String op, long... axes) throws Exception {
        var model = Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(m, OnnxExportOptions.defaults())).toBuilder();
        var graph = model.getGraphBuilder();
        for (var node : graph.getNodeBuilderList()) {
            if (!node.getOpType().equals(op)) {
                continue;
            }
            for (var a : node.getAttributeBuilderList()) {
                if (a.getName().equals("axes")) {
                    a.clearInts().addAllInts(LongStream.of(axes).boxed().toList());
                }
            }
            for (var t : graph.getInitializerBuilderList()) {
                if (node.getInputCount() > 1 && t.getName().equals(node.getInput(1))) {
                    t.clearRawData().clearInt64Data().clearDims().addDims(axes.length)
                            .addAllInt64Data(LongStream.of(axes).boxed().toList());
                }
            }
        }
        return OnnxModel.load(model.build().toByteArray(), "edited.onnx");
    }

    /** {@code m} exported and converted back by toSequential() and toNetwork(), both checked against {@code m}. */
    private static Sequential roundTrip(Sequential m) throws Exception {
        byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
        Sequential back = OnnxModel.load(onnx, "image.onnx").toSequential();
        List<Tensor> xs = NetworkModels.inputs("image", m, 3);
        AGREEMENT.check("round trip", m.predict(xs).get(0), back.predict(xs).get(0));
        Model net = OnnxModel.load(onnx, "image.onnx").toNetwork();
        AGREEMENT.check("toNetwork", m.predict(xs).get(0), net.predict(xs).get(0));
        return back;
    }

    /**
     * {@code m}'s export with the Transpose back to channels-last before its {@code op} node removed and
     * the node's axes moved to NCHW's [2, 3], as tf2onnx's transpose optimiser leaves a Keras model's
     * global pool; with {@code global}, the node becomes ONNX's GlobalAveragePool / GlobalMaxPool.
     */
    private static OnnxModel pooledInNchw(Sequential m, String op, boolean global) throws Exception {
        var model = Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(m, OnnxExportOptions.defaults())).toBuilder();
        var graph = model.getGraphBuilder();
        int at = 0;
        while (!graph.getNode(at).getOpType().equals(op)) {
            at++;
        }
        var back = graph.getNode(at - 1);
        assertEquals("Transpose", back.getOpType());
        var pool = graph.getNodeBuilder(at).setInput(0, back.getInput(0));
        if (global) {
            String name = op.equals("ReduceMean") ? "GlobalAveragePool" : "GlobalMaxPool";
            // [batch, C, 1, 1]: the Flatten after it is left to the shape reasoning.
            pool.setOpType(name).clearAttribute().clearInput().addInput(back.getInput(0));
        } else {
            for (var a : pool.getAttributeBuilderList()) {
                if (a.getName().equals("axes")) {
                    a.clearInts().addAllInts(List.of(2L, 3L));
                }
            }
            for (var t : graph.getInitializerBuilderList()) {
                if (pool.getInputCount() > 1 && t.getName().equals(pool.getInput(1))) {
                    t.clearRawData().clearInt64Data().addAllInt64Data(List.of(2L, 3L));
                }
            }
        }
        graph.removeNode(at - 1);
        return OnnxModel.load(model.build().toByteArray(), "nchw.onnx");
    }

    /** Each layer's config without its name and input shape (the converter names layers itself). */
    private static List<LayerConfig<?>> layers(Sequential m) {
        return m.layers().stream().<LayerConfig<?>>map(l -> l.config().withIdentity(new LayerIdentity(null, null)))
                .toList();
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] image op import vs the model exported: " + AGREEMENT);
    }
}
