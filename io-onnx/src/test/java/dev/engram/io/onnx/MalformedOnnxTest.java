package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.layers.Layers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted input: every malformed or unsupported file fails with a typed, located message. */
class MalformedOnnxTest {

    private static ModelProto.Builder model(int opset, NodeProto... nodes) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
        for (NodeProto n : nodes) {
            g.addNode(n);
        }
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset));
    }

    private static NodeProto node(String op, String name, String in, String out) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out).build();
    }

    private static String fail(Class<? extends Exception> type, byte[] bytes) {
        Exception e = assertThrows(type, () -> OnnxModel.load(bytes, "bad.onnx"));
        assertTrue(e.getMessage().startsWith("bad.onnx"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void garbageAndTruncatedFiles() throws Exception {
        assertTrue(fail(OnnxFormatException.class, new byte[] {(byte) 0xff, 0x12, 0x34}).contains("not a valid ONNX"));
        byte[] good = OnnxExporter.toBytes(TestModels.model(Layers.lstm(3).inputShape(2, 2)), OnnxExportOptions.defaults());
        assertTrue(fail(OnnxFormatException.class, Arrays.copyOf(good, good.length / 2)).contains("not a valid ONNX"));
        assertTrue(fail(OnnxFormatException.class, new byte[0]).contains("no graph"));
    }

    @Test
    void unknownOperatorListsTheSupportedOnes() {
        String m = fail(UnsupportedOnnxException.class,
                model(17, node("DepthToSpace", "c1", "x", "y")).build().toByteArray());
        assertTrue(m.contains("node 0 'c1' (DepthToSpace)") && m.contains("LSTM") && m.contains("Conv,")
                && m.contains("opset 17"), m);
    }

    @Test
    void unsupportedOpsetAndDomain() {
        assertTrue(fail(UnsupportedOnnxException.class, model(99, node("Relu", "r", "x", "y")).build().toByteArray())
                .contains("opset 99"));
        NodeProto custom = node("Relu", "r", "x", "y").toBuilder().setDomain("com.example").build();
        assertTrue(fail(UnsupportedOnnxException.class, model(17, custom).build().toByteArray()).contains("com.example"));
    }

    @Test
    void missingInputAndCycle() {
        assertTrue(fail(OnnxFormatException.class, model(17, node("Relu", "r", "nowhere", "y")).build().toByteArray())
                .contains("reads 'nowhere'"));
        NodeProto a = NodeProto.newBuilder().setOpType("Add").setName("a").addInput("x").addInput("b").addOutput("y").build();
        NodeProto b = node("Relu", "b", "y", "b");
        assertTrue(fail(OnnxFormatException.class, model(17, a, b).build().toByteArray()).contains("cycle"));
    }

    @Test
    void inconsistentAndHugeTensors() {
        TensorProto shortRaw = TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
                .setRawData(ByteString.copyFrom(new byte[8])).build();
        ModelProto.Builder m = model(17, node("Relu", "r", "x", "y"));
        m.getGraphBuilder().addInitializer(shortRaw);
        assertTrue(fail(OnnxFormatException.class, m.build().toByteArray()).contains("initializer 'w': raw_data holds 8 bytes"));
        TensorProto huge = TensorProto.newBuilder().setName("h").setDataType(1).addDims(1L << 40).build();
        ModelProto.Builder m2 = model(17, node("Relu", "r", "x", "y"));
        m2.getGraphBuilder().addInitializer(huge);
        assertTrue(fail(OnnxFormatException.class, m2.build().toByteArray()).contains("dims[0] = 1099511627776"));
        TensorProto external = TensorProto.newBuilder().setName("e").setDataType(1).addDims(2)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin")).build();
        ModelProto.Builder m3 = model(17, node("Relu", "r", "x", "y"));
        m3.getGraphBuilder().addInitializer(external);
        assertTrue(fail(UnsupportedOnnxException.class, m3.build().toByteArray()).contains("external file"));
    }

    @Test
    void wrongInputShapeNamesTheInput() throws Exception {
        byte[] b = OnnxExporter.toBytes(TestModels.model(Layers.lstm(3).inputShape(4, 2)), OnnxExportOptions.defaults());
        OnnxModel m = OnnxModel.load(b, "m.onnx");
        OnnxExecutionException e = assertThrows(OnnxExecutionException.class,
                () -> m.predict(Tensor.zeros(Shape.of(1, 4, 5))));
        assertTrue(e.getMessage().contains("input 'input' expects shape [batch, 4, 2]"), e.getMessage());
    }

    @Test
    void exportWritesAtomicallyWithOptionsAndRefusesTheInexpressible(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.onnx");
        OnnxExporter.export(TestModels.model(Layers.dense(2).inputShape(3)), out, OnnxExportOptions.defaults()
                .withNames("features", "scores").withProducer("test", "9").withMetadata(Map.of("k", "v")));
        OnnxModel m = OnnxModel.load(out);
        assertTrue(m.inputNames().equals(java.util.List.of("features")) && m.outputNames().equals(java.util.List.of("scores")));
        assertTrue(m.producerName().equals("test") && m.metadata().equals(Map.of("k", "v")) && m.opset() == 17);
        try (var s = Files.list(dir)) {
            assertTrue(s.count() == 1, "no temporary file left behind");
        }
        var lstm = TestModels.model(Layers.lstm(2).withActivation(dev.engram.activations.Activations.selu()).inputShape(2, 2));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxExporter.toBytes(lstm, OnnxExportOptions.defaults()));
        assertTrue(e.getMessage().contains("selu cannot be an ONNX LSTM activation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OnnxExportOptions.defaults().withOpset(13));
    }
}
