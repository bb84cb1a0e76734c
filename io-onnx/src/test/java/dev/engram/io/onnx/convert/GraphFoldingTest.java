package dev.engram.io.onnx.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphFolding}: tf2onnx's run-time shape arithmetic becomes constants, the folded graph computes what the file
 * computes (at several batch sizes, to float rounding), and a value that really depends on the batch size stays a
 * run-time value.
 */
class GraphFoldingTest {
    private static final Path TF2ONNX = Path.of("src/test/resources/tf2onnx");

    /** Conv1DTranspose's "same" crop (Shape, Slice, Sub, Max, Div, Concat) and GroupNormalization's moments. */
    @Test
    void tf2onnxShapeArithmeticFoldsAwayAndTheGraphComputesTheSame() throws Exception {
        for (String fixture : List.of("keras_conv1d_transpose", "keras_group_normalization")) {
            Path dir = TF2ONNX.resolve(fixture);
            ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
            GraphExecutor original = new GraphExecutor(proto, fixture);
            GraphExecutor folded = GraphFolding.fold(proto, original, fixture);
            assertNotSame(original, folded, fixture);
            Set<String> left = ops(folded);
            for (String gone : List.of("Shape", "ConstantOfShape", "Where", "Equal", "Cast", "Split")) {
                assertFalse(left.contains(gone), fixture + " still has " + gone + ": " + left);
            }
            assertTrue(folded.nodes().size() < original.nodes().size() / 2,
                    fixture + ": " + original.nodes().size() + " -> " + folded.nodes().size() + " nodes");
            for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                Tensor x = c.inputs().get(0);
                for (int batch : new int[] {1, x.shape().dim(0), 7}) {
                    Map<String, Value> in = Map.of(c.inputNames().get(0), Value.of(batchOf(x, batch)));
                    float[] want = original.run(in).values().iterator().next().floats();
                    float[] got = folded.run(in).values().iterator().next().floats();
                    // ConvLowering's 1-D ConvTranspose adds in another order than the 2-D one: float rounding only
                    assertEquals(want.length, got.length);
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-6 + 1e-5 * Math.abs(want[i]),
                                fixture + "/" + c.name() + " at batch " + batch + ", element " + i);
                    }
                }
            }
        }
    }

    /**
     * A Reshape to {@code [batch * 2, 3]} reads the batch size through arithmetic: its target becomes {@code [-1, 3]},
     * which infers the same; a Tile by {@code [batch, 1]} has no constant form and stays computed at run time.
     */
    @Test
    void targetsThatDependOnTheBatchSizeStayExact() throws Exception {
        AttributeProto axis0 = AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                .setI(0).build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        g.addInitializer(TensorCodec.longs("zero", new int[] {1}, new long[] {0}));
        g.addInitializer(TensorCodec.longs("one", new int[] {1}, new long[] {1}));
        g.addInitializer(TensorCodec.longs("two", new int[] {1}, new long[] {2}));
        g.addInitializer(TensorCodec.longs("three", new int[] {1}, new long[] {3}));
        g.addNode(node("Shape", List.of("x"), "s"));
        g.addNode(node("Gather", List.of("s", "zero"), "b"));
        g.addNode(node("Mul", List.of("b", "two"), "b2"));
        g.addNode(node("Concat", List.of("b2", "three"), "t", axis0));
        g.addNode(node("Reshape", List.of("x", "t"), "y"));
        g.addNode(node("Concat", List.of("b", "one"), "reps", axis0));
        g.addNode(node("Tile", List.of("x", "reps"), "z"));
        g.addInput(info("x", -1, 6)).addOutput(info("y", -1, 3)).addOutput(info("z", -1, 6));
        ModelProto proto = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build();
        GraphExecutor original = new GraphExecutor(proto, "batch.onnx");
        GraphExecutor folded = GraphFolding.fold(proto, original, "batch.onnx");
        assertTrue(ops(folded).contains("Shape"), ops(folded).toString());
        NodeContext reshape = folded.nodes().stream().filter(n -> n.opType().equals("Reshape")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {-1, 3}, folded.initializers().get(reshape.node().getInput(1)).longs());
        for (int batch : new int[] {1, 4}) {
            float[] x = new float[batch * 6];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            Map<String, Value> out = folded.run(Map.of("x", Value.ofFloats(new int[] {batch, 6}, x)));
            assertArrayEquals(new int[] {batch * 2, 3}, out.get("y").shape());
            assertArrayEquals(new int[] {batch * batch, 6}, out.get("z").shape());
        }
    }

    /** Shape arithmetic on partly known values: the batch element kept by copies, lost by arithmetic. */
    @Test
    void partlyKnownShapesFollowCopiesAndMarkArithmetic() throws Exception {
        ModelProto proto = ModelProto.newBuilder().setIrVersion(8).setGraph(GraphProto.newBuilder().setName("g")
                .addNode(node("Shape", List.of("x"), "s")).addNode(node("Identity", List.of("x"), "y"))
                .addInput(info("x", -1, 6)).addOutput(info("y", -1, 6)))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build();
        GraphExecutor g = new GraphExecutor(proto, "s.onnx");
        NodeContext concat = new NodeContext(node("Concat", List.of("a", "b"), "c", AttributeProto.newBuilder()
                .setName("axis").setType(AttributeProto.AttributeType.INT).setI(0).build()), 13, "s.onnx", Map.of());
        Folded.Sym shape = new Folded.Sym(new int[] {2}, new long[] {Folded.BATCH, 6});
        List<Folded> out = FoldingRules.evaluate(concat, java.util.Arrays.asList(shape,
                new Folded.Const(Value.ofLongs(4))), v -> null);
        assertEquals(List.of(Folded.BATCH, 6L, 4L), boxed(((Folded.Sym) out.get(0)).elements()));
        NodeContext mul = new NodeContext(node("Mul", List.of("a", "b"), "c"), 13, "s.onnx", Map.of());
        out = FoldingRules.evaluate(mul, java.util.Arrays.asList(shape, new Folded.Const(Value.ofLongs(2, 3))),
                v -> null);
        assertEquals(List.of(Folded.OPEN, 18L), boxed(((Folded.Sym) out.get(0)).elements()));
        ShapeProbe probe = ShapeProbe.run(g);
        assertEquals(List.of(Folded.BATCH, 6L), boxed(probe.dims("x")));
        assertEquals(List.of(2L), boxed(probe.dims("s")));
    }

    private static List<Long> boxed(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    private static Tensor batchOf(Tensor x, int batch) {
        int per = x.size() / x.shape().dim(0);
        float[] src = x.toArray();
        float[] d = new float[batch * per];
        for (int i = 0; i < d.length; i++) {
            d[i] = src[i % src.length] + 0.25f * (i / src.length);
        }
        int[] shape = x.shape().toArray();
        shape[0] = batch;
        return Tensor.of(dev.engram.tensor.Shape.of(shape), d);
    }

    private static Set<String> ops(GraphExecutor g) {
        Map<String, Integer> count = new HashMap<>();
        g.nodes().forEach(n -> count.merge(n.opType(), 1, Integer::sum));
        return count.keySet();
    }

    private static NodeProto node(String op, List<String> in, String out, AttributeProto... attrs) {
        return NodeProto.newBuilder().setOpType(op).setName(out + "_node").addAllInput(in).addOutput(out)
                .addAllAttribute(List.of(attrs)).build();
    }

    private static ValueInfoProto info(String name, int... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
