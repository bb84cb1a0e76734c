package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.LoadLimits;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small ONNX files that ask for unbounded memory or time, and versions outside the supported range. */
class HostileOnnxTest {

    private static ValueInfoProto input(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private static ModelProto.Builder model(long ir, int opset, GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(ir).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset));
    }

    private static TensorProto longs(String name, long... v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(v.length);
        for (long x : v) {
            t.addInt64Data(x);
        }
        return t.build();
    }

    @Test
    void constantOfShapeAskingForBillionsFailsBeforeAllocatingAndBlamesTheModel() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(input("x", 1))
                .addInitializer(longs("shape", 100000, 100000, 100))
                .addNode(NodeProto.newBuilder().setOpType("ConstantOfShape").setName("big").addInput("shape")
                        .addOutput("c"))
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x").addInput("c")
                        .addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
        OnnxModel m = OnnxModel.load(model(8, 17, g).build().toByteArray(), "big.onnx");
        OnnxExecutionException e = assertThrows(OnnxExecutionException.class,
                () -> m.predict(Map.of("x", Tensor.of(new float[] {1}))));
        assertTrue(e.getMessage().contains("over the limit of") && e.getMessage().contains("--max-tensor-elements"),
                e.getMessage());
        assertFalse(e.inputError(), "the shape comes from an initializer: the file is at fault");
    }

    @Test
    void expandAndRangeAreBoundedToo() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(input("x", 1))
                .addInitializer(longs("shape", 1L << 20, 1L << 20))
                .addNode(NodeProto.newBuilder().setOpType("Expand").setName("e").addInput("x").addInput("shape")
                        .addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
        OnnxModel m = OnnxModel.load(model(8, 17, g).build().toByteArray(), "expand.onnx");
        OnnxExecutionException e = assertThrows(OnnxExecutionException.class,
                () -> m.predict(Map.of("x", Tensor.of(new float[] {1}))));
        assertTrue(e.getMessage().contains("over the limit of"), e.getMessage());
        LoadLimits tiny = LoadLimits.defaults().withTensorElements(10);
        GraphProto.Builder r = GraphProto.newBuilder().setName("g").addInput(input("x", 1))
                .addInitializer(longs("s", 0).toBuilder().clearDims().build())
                .addInitializer(longs("l", 1000).toBuilder().clearDims().build())
                .addInitializer(longs("d", 1).toBuilder().clearDims().build())
                .addNode(NodeProto.newBuilder().setOpType("Range").setName("r").addInput("s").addInput("l")
                        .addInput("d").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
        OnnxModel rm = OnnxModel.load(model(8, 17, r).build().toByteArray(), "range.onnx", tiny);
        OnnxExecutionException re = assertThrows(OnnxExecutionException.class,
                () -> rm.predict(Map.of("x", Tensor.of(new float[] {1}))));
        assertTrue(re.getMessage().contains("has 1000 elements, over the limit of 10"), re.getMessage());
    }

    @Test
    void versionsOutsideTheRangeAreRefusedWithTheRange() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(input("x", 1))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("r").addInput("x").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
        Exception opset = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(model(8, 1, g).build().toByteArray(), "old.onnx"));
        assertEquals("old.onnx: default-domain opset 1 is not supported; supported: 7 to 22", opset.getMessage());
        Exception ir = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(model(1, 17, g).build().toByteArray(), "ir.onnx"));
        assertEquals("ir.onnx: ONNX IR version 1 is not supported; supported: 3 to 11", ir.getMessage());
    }

    @Test
    void sixtyThousandNodesInReverseOrderLoadInLinearTime() throws Exception {
        int n = 60_000;
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(input("x", 1, 2));
        for (int i = n - 1; i >= 0; i--) {
            g.addNode(NodeProto.newBuilder().setOpType("Relu").setName("r" + i).addInput(i == 0 ? "x" : "v" + (i - 1))
                    .addOutput(i == n - 1 ? "y" : "v" + i));
        }
        g.addOutput(ValueInfoProto.newBuilder().setName("y"));
        byte[] bytes = model(8, 17, g).build().toByteArray();
        long t0 = System.nanoTime();
        OnnxModel m = OnnxModel.load(bytes, "long.onnx");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "loading took " + ms + " ms");
        assertEquals(2, m.predict(Tensor.of(new float[][] {{-1, 2}})).size());
        Exception limited = assertThrows(OnnxFormatException.class,
                () -> OnnxModel.load(bytes, "long.onnx", LoadLimits.defaults().withLayers(1000)));
        assertTrue(limited.getMessage().contains("the graph's nodes need 60000, over the limit of 1000"),
                limited.getMessage());
    }
}
