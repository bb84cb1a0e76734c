package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Single-layer recurrent heads reached through shape-only nodes (PyTorch's {@code fc(h_n[-1])},
 * {@code Y_h -> Reshape([-1, H]) -> Gemm}, Transpose + Flatten) convert to layers and predict what
 * the graph predicts; a Reshape that moves data is refused.
 */
class ShapeOnlyHeadsTest {
    private static final int T = 4;
    private static final int F = 3;
    private static final int H = 5;
    private static final int OUT = 2;

    static float[] ramp(int n, double phase) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.4 * Math.sin(0.37 * i + phase));
        }
        return v;
    }

    static NodeProto node(String op, List<String> in, List<String> out, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(op + "_" + out.get(0))
                .addAllInput(in).addAllOutput(out);
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        return b.build();
    }

    static AttributeProto ints(String name, long... v) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static AttributeProto integer(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static ValueInfoProto info(String name, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            s.addDim(d instanceof Integer i ? TensorShapeProto.Dimension.newBuilder().setDimValue(i)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam((String) d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    /** x [B, T, F] -> Transpose -> LSTM (layout 0) -> Y_h -> {@code head} -> Gemm -> y. */
    private static byte[] model(List<NodeProto> head, String headOut, List<TensorProto> extra) {
        return model(T, List.of(node("Transpose", List.of("x"), List.of("xt"), ints("perm", 1, 0, 2))), head, headOut,
                extra);
    }

    /** x [B, steps, F] -> {@code pre} (producing xt) -> LSTM (layout 0) -> {@code head} -> Gemm -> y. */
    private static byte[] model(int steps, List<NodeProto> pre, List<NodeProto> head, String headOut,
            List<TensorProto> extra) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(info("x", "batch", steps, F)).addOutput(info("y", "batch", OUT))
                .addInitializer(TensorCodec.floats("W", new int[] {1, 4 * H, F}, ramp(4 * H * F, 0.1)))
                .addInitializer(TensorCodec.floats("R", new int[] {1, 4 * H, H}, ramp(4 * H * H, 0.7)))
                .addInitializer(TensorCodec.floats("B", new int[] {1, 8 * H}, ramp(8 * H, 1.3)))
                .addInitializer(TensorCodec.floats("fcW", new int[] {OUT, H}, ramp(OUT * H, 2.1)))
                .addInitializer(TensorCodec.floats("fcB", new int[] {OUT}, ramp(OUT, 2.9)))
                .addAllInitializer(extra)
                .addAllNode(pre)
                .addNode(node("LSTM", List.of("xt", "W", "R", "B"), List.of("Y", "Y_h", "Y_c"), integer("hidden_size", H)))
                .addAllNode(head)
                .addNode(node("Gemm", List.of(headOut, "fcW", "fcB"), List.of("y"), integer("transB", 1)));
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray();
    }

    private static void convertsAndAgrees(byte[] bytes) throws Exception {
        convertsAndAgrees(bytes, T);
    }

    private static void convertsAndAgrees(byte[] bytes, int steps) throws Exception {
        OnnxModel m = OnnxModel.load(bytes, "heads.onnx");
        Sequential s = m.toSequential();
        Tensor x = Tensor.of(Shape.of(3, steps, F), ramp(3 * steps * F, 0.5));
        float[] want = m.predict(x).toArray();
        float[] got = s.predict(x).toArray();
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-6 + 1e-5 * Math.abs(want[i]), "element " + i);
        }
    }

    static TensorProto longs(String name, long... v) {
        return TensorCodec.longs(name, v.length == 1 && name.endsWith("_scalar") ? new int[0] : new int[] {v.length}, v);
    }

    @Test
    void pytorchLastLayerOfHn() throws Exception {
        // h_n[-1] on one layer: a scalar Gather of index -1 on the direction axis.
        convertsAndAgrees(model(List.of(node("Gather", List.of("Y_h", "idx_scalar"), List.of("h"), integer("axis", 0))),
                "h", List.of(longs("idx_scalar", -1))));
    }

    @Test
    void reshapeToMinusOneByH() throws Exception {
        convertsAndAgrees(model(List.of(node("Reshape", List.of("Y_h", "shape"), List.of("h"))), "h",
                List.of(longs("shape", -1, H))));
    }

    @Test
    void transposeThenFlattenThenIdentityReshape() throws Exception {
        convertsAndAgrees(model(List.of(
                node("Transpose", List.of("Y_h"), List.of("t"), ints("perm", 1, 0, 2)),
                node("Flatten", List.of("t"), List.of("f"), integer("axis", 1)),
                node("Unsqueeze", List.of("f", "ax"), List.of("u")),
                node("Squeeze", List.of("u", "ax"), List.of("h"))), "h", List.of(longs("ax", 0))));
    }

    /**
     * tf2onnx's form at T = 1: the batch/time Transposes are Reshapes ([B, 1, F] -> [1, B, F] and back),
     * and the one step of Y is squeezed out: the LSTM's final output.
     */
    @Test
    void oneStepSequencesSwapAxesByReshape() throws Exception {
        convertsAndAgrees(model(1, List.of(node("Reshape", List.of("x", "to_time"), List.of("xt"))),
                List.of(node("Squeeze", List.of("Y", "dir_axis"), List.of("yt")),
                        node("Reshape", List.of("yt", "to_batch"), List.of("yb")),
                        node("Squeeze", List.of("yb", "time_axis"), List.of("h"))), "h",
                List.of(longs("to_time", 1, -1, F), longs("dir_axis", 1), longs("to_batch", -1, 1, H),
                        longs("time_axis", 1))), 1);
    }

    @Test
    void aReshapeThatMovesDataIsRefused() {
        byte[] bytes = model(List.of(node("Reshape", List.of("Y_h", "shape"), List.of("h"))), "h",
                List.of(longs("shape", H, -1)));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(bytes, "heads.onnx").toSequential());
        assertTrue(e.getMessage().contains("does not keep the batch axis whole")
                || e.getMessage().contains("which moves data"), e.getMessage());
    }
}
