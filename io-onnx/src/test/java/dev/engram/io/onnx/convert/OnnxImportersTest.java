package dev.engram.io.onnx.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.onnx.OnnxModel;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The converter's importer registry: each op claimed once, and the refusal of any other op lists it. */
class OnnxImportersTest {
    @Test
    void everyOpHasOneImporter() {
        List<String> ops = OnnxImporters.ops();
        assertEquals(ops.size(), new HashSet<>(ops).size(), ops.toString());
        assertTrue(ops.containsAll(List.of("LSTM", "GRU", "RNN", "Gemm", "MatMul", "Transpose", "ReduceMean",
                "Identity", "Relu", "Softmax")), ops.toString());
    }

    @Test
    void anOpTheRuntimeRunsButNoImporterTakesIsRefusedWithTheRegistrysList() throws Exception {
        OnnxModel m = OnnxModel.load(model("Neg").toByteArray(), "neg.onnx"); // Exp now converts (an activation)
        String msg = assertThrows(UnsupportedOnnxException.class, m::toSequential).getMessage();
        assertTrue(msg.contains("(Neg)") && msg.contains("has no engine layer equivalent")
                && msg.contains(OnnxImporters.supported()), msg);
    }

    /** input [batch, 3] -> op -> output. */
    private static ModelProto model(String op) {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(info("input")).addOutput(info("output"))
                .addNode(NodeProto.newBuilder().setOpType(op).setName("n").addInput("input").addOutput("output"))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }

    private static ValueInfoProto info(String name) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
