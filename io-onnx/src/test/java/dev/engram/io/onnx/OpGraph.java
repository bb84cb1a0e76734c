package dev.engram.io.onnx;

import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Random;

/**
 * A single-op test graph: float input "x" of {@code shape}, constants as initializers, float output "y"; built
 * for ONNX Runtime and Engram's importer to run side by side. Attribute helpers are static.
 */
final class OpGraph {
    final int opset;
    final int[] shape;
    final GraphProto.Builder g = GraphProto.newBuilder().setName("g");
    private final Random rnd = new Random(7);
    private int count;

    OpGraph(int opset, int... shape) {
        this.opset = opset;
        this.shape = shape;
    }

    String floats(int[] dims, float... v) {
        String name = "c" + count++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (int d : dims) {
            t.addDims(d);
        }
        for (float f : v) {
            t.addFloatData(f);
        }
        g.addInitializer(t);
        return name;
    }

    String random(int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return floats(dims, v);
    }

    String longs(long... v) {
        String name = "c" + count++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(v.length);
        for (long l : v) {
            t.addInt64Data(l);
        }
        g.addInitializer(t);
        return name;
    }

    String node(String op, List<String> in, AttributeProto... attrs) {
        String out = "t" + count++;
        g.addNode(NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(in).addOutput(out)
                .addAllAttribute(List.of(attrs)));
        return out;
    }

    byte[] build(String y) {
        g.addNode(NodeProto.newBuilder().setOpType("Identity").setName("out").addInput(y).addOutput("y"));
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        g.addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))));
        g.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        return ModelProto.newBuilder().setIrVersion(opset <= 18 ? 8 : 10).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).build().toByteArray();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long l : v) {
            a.addInts(l);
        }
        return a.build();
    }

    static AttributeProto floatsAttr(String name, float... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.FLOATS);
        for (float x : v) {
            a.addFloats(x);
        }
        return a.build();
    }

    static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto f(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto s(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }
}
