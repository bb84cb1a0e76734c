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
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Node tests for the operators the issue-12 corpus needed (tf2onnx's and PyTorch 2's exports): MaxPool (with
 * Indices), AveragePool, ReduceProd/Min/L1/SumSquare/LogSum/LogSumExp, ArgMax/ArgMin, Floor/Ceil/Round (half to
 * even: the input is made of .5 ties)/Sign/Sin/Cos/HardSwish/Mish/Celu/ThresholdedRelu and the control flow Loop,
 * Scan and If with subgraphs reading outer values, each in its attribute variants, run in ONNX Runtime (the Java
 * artifact) and in Engram's importer; every output must agree at rtol 1e-5 / atol 1e-6.
 */
class CorpusOpsOrtTest {
    private static final Agreement AGREEMENT = new Agreement();

    /** A graph under construction: float input x of a fixed shape, float outputs. */
    private static final class G {
        final int opset;
        final int[] shape;
        final GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        final List<String> outs = new ArrayList<>();
        private int count;

        G(int opset, int... shape) {
            this.opset = opset;
            this.shape = shape;
        }

        String name() {
            return "v" + count++;
        }

        String longs(long... v) {
            return longsShaped(new int[] {v.length}, v);
        }

        String longsShaped(int[] dims, long... v) {
            String n = name();
            TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.INT64_VALUE);
            for (int d : dims) {
                t.addDims(d);
            }
            for (long l : v) {
                t.addInt64Data(l);
            }
            g.addInitializer(t);
            return n;
        }

        String bool(boolean v) {
            String n = name();
            g.addInitializer(TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.BOOL_VALUE)
                    .addInt32Data(v ? 1 : 0));
            return n;
        }

        String floats(int[] dims, float... v) {
            String n = name();
            TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.FLOAT_VALUE);
            for (int d : dims) {
                t.addDims(d);
            }
            for (float f : v) {
                t.addFloatData(f);
            }
            g.addInitializer(t);
            return n;
        }

        String node(String op, List<String> in, AttributeProto... attrs) {
            return nodeN(op, in, 1, attrs).get(0);
        }

        List<String> nodeN(String op, List<String> in, int outputs, AttributeProto... attrs) {
            return add(g, op, in, outputs, this::name, attrs);
        }

        /** Marks {@code v} a graph output (cast to float when it is an integer result). */
        G out(String v, boolean isInt) {
            String o = isInt ? node("Cast", List.of(v), i("to", TensorProto.DataType.FLOAT_VALUE)) : v;
            String name = "y" + outs.size();
            g.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(o).addOutput(name));
            outs.add(name);
            return this;
        }

        byte[] build() {
            g.addInput(typed("x", TensorProto.DataType.FLOAT_VALUE, shape));
            for (String o : outs) {
                g.addOutput(typed(o, TensorProto.DataType.FLOAT_VALUE, null));
            }
            return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).build().toByteArray();
        }
    }

    private static List<String> add(GraphProto.Builder g, String op, List<String> in, int outputs,
            java.util.function.Supplier<String> names, AttributeProto... attrs) {
        List<String> out = new ArrayList<>();
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addAllInput(in).addAllAttribute(List.of(attrs));
        for (int k = 0; k < outputs; k++) {
            out.add(names.get());
            n.addOutput(out.get(k));
        }
        g.addNode(n.setName(out.get(0)));
        return out;
    }

    private static ValueInfoProto typed(String name, int elem, int[] dims) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(elem);
        if (dims != null) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (int d : dims) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            t.setShape(s);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long l : v) {
            a.addInts(l);
        }
        return a.build();
    }

    private static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto f(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static AttributeProto s(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    private static AttributeProto graph(String name, GraphProto body) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(body).build();
    }

    private static G pool(String op, int[] shape, boolean indices, AttributeProto... attrs) {
        G g = new G(op.equals("AveragePool") ? 19 : 12, shape);
        List<String> r = g.nodeN(op, List.of("x"), indices ? 2 : 1, attrs);
        g.out(r.get(0), false);
        return indices ? g.out(r.get(1), true) : g;
    }

    private static G reduce(String op, int opset, long[] axes, long keepdims, boolean square) {
        G g = new G(opset, 2, 3, 4);
        String x = square ? g.node("Mul", List.of("x", "x")) : "x";
        // LogSum needs positive inputs; ReduceProd stays finite on |x| + 0.5
        if (op.equals("ReduceLogSum") || op.equals("ReduceProd")) {
            x = g.node("Add", List.of(g.node("Abs", List.of(x)), g.floats(new int[0], 0.5f)));
        }
        List<String> in = new ArrayList<>(List.of(x));
        List<AttributeProto> attrs = new ArrayList<>(List.of(i("keepdims", keepdims)));
        if (axes != null) {
            if (opset >= 18) {
                in.add(g.longs(axes));
            } else {
                attrs.add(ints("axes", axes));
            }
        }
        return g.out(g.node(op, in, attrs.toArray(AttributeProto[]::new)), false);
    }

    /** Loop(M, cond, v0 = x) with body v' = tanh(v + 0.5 x + i), scan v'; stops early when {@code stopAt} >= 0. */
    private static G loop(long trip, int stopAt) {
        G g = new G(16, 2, 3);
        GraphProto.Builder b = GraphProto.newBuilder().setName("body");
        b.addInput(typed("i", TensorProto.DataType.INT64_VALUE, new int[0]));
        b.addInput(typed("c", TensorProto.DataType.BOOL_VALUE, new int[0]));
        b.addInput(typed("v", TensorProto.DataType.FLOAT_VALUE, null));
        int[] k = {0};
        java.util.function.Supplier<String> names = () -> "b" + k[0]++;
        b.addInitializer(TensorProto.newBuilder().setName("half").setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(0.5f));
        b.addInitializer(TensorProto.newBuilder().setName("stop").setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(stopAt));
        String fi = add(b, "Cast", List.of("i"), 1, names, i("to", TensorProto.DataType.FLOAT_VALUE)).get(0);
        String hx = add(b, "Mul", List.of("x", "half"), 1, names).get(0);
        String sum = add(b, "Add", List.of(add(b, "Add", List.of("v", hx), 1, names).get(0), fi), 1, names).get(0);
        String next = add(b, "Tanh", List.of(sum), 1, names).get(0);
        String cond = stopAt >= 0 ? add(b, "Less", List.of("i", "stop"), 1, names).get(0)
                : add(b, "Identity", List.of("c"), 1, names).get(0);
        String scanned = add(b, "Identity", List.of(next), 1, names).get(0);
        b.addOutput(typed(cond, TensorProto.DataType.BOOL_VALUE, new int[0]));
        b.addOutput(typed(next, TensorProto.DataType.FLOAT_VALUE, null));
        b.addOutput(typed(scanned, TensorProto.DataType.FLOAT_VALUE, null));
        String m = trip >= 0 ? g.longsShaped(new int[0], trip) : "";
        List<String> r = g.nodeN("Loop", List.of(m, g.bool(true), "x"), 2, graph("body", b.build()));
        return g.out(r.get(0), false).out(r.get(1), false);
    }

    /** Scan over x [5,2,3] (axis 0) and its transpose [2,5,3] (axis 1, reversed); state starts at zero. */
    private static G scan() {
        G g = new G(16, 5, 2, 3);
        String xt = g.node("Transpose", List.of("x"), ints("perm", 1, 0, 2));
        String zero = g.floats(new int[] {2, 3}, new float[6]);
        GraphProto.Builder b = GraphProto.newBuilder().setName("body");
        b.addInput(typed("s", TensorProto.DataType.FLOAT_VALUE, null));
        b.addInput(typed("a", TensorProto.DataType.FLOAT_VALUE, null));
        b.addInput(typed("c", TensorProto.DataType.FLOAT_VALUE, null));
        int[] k = {0};
        java.util.function.Supplier<String> names = () -> "b" + k[0]++;
        String prod = add(b, "Mul", List.of("a", "c"), 1, names).get(0);
        String next = add(b, "Tanh", List.of(add(b, "Add", List.of("s", prod), 1, names).get(0)), 1, names).get(0);
        String sum = add(b, "Add", List.of("a", "c"), 1, names).get(0);
        String out1 = add(b, "Identity", List.of(next), 1, names).get(0);
        b.addOutput(typed(next, TensorProto.DataType.FLOAT_VALUE, null));
        b.addOutput(typed(out1, TensorProto.DataType.FLOAT_VALUE, null));
        b.addOutput(typed(sum, TensorProto.DataType.FLOAT_VALUE, null));
        List<String> r = g.nodeN("Scan", List.of(zero, "x", xt), 3, graph("body", b.build()), i("num_scan_inputs", 2),
                ints("scan_input_axes", 0, 1), ints("scan_input_directions", 0, 1), ints("scan_output_axes", 1, -1),
                ints("scan_output_directions", 0, 1));
        return g.out(r.get(0), false).out(r.get(1), false).out(r.get(2), false);
    }

    /** If(cond(x)) then 2x else x - 1, both branches reading the outer x. */
    private static G ifThenElse(String compare) {
        G g = new G(16, 2, 3);
        String cond = g.node(compare, List.of(g.node("ReduceSum", List.of("x"), i("keepdims", 0)), g.floats(new int[0], 0f)));
        GraphProto.Builder then = GraphProto.newBuilder().setName("then");
        then.addInitializer(TensorProto.newBuilder().setName("two").setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(2f));
        then.addNode(NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("two").addOutput("t"));
        then.addOutput(typed("t", TensorProto.DataType.FLOAT_VALUE, null));
        GraphProto.Builder other = GraphProto.newBuilder().setName("else");
        other.addInitializer(TensorProto.newBuilder().setName("one").setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(1f));
        other.addNode(NodeProto.newBuilder().setOpType("Sub").addInput("x").addInput("one").addOutput("e"));
        other.addOutput(typed("e", TensorProto.DataType.FLOAT_VALUE, null));
        return g.out(g.node("If", List.of(cond), graph("then_branch", then.build()), graph("else_branch", other.build())), false);
    }

    private static Map<String, G> cases() {
        Map<String, G> c = new LinkedHashMap<>();
        c.put("MaxPool 1-D k3 s2", pool("MaxPool", new int[] {2, 3, 9}, false, ints("kernel_shape", 3), ints("strides", 2)));
        c.put("MaxPool 1-D pads ceil_mode indices", pool("MaxPool", new int[] {2, 3, 8}, true, ints("kernel_shape", 3),
                ints("strides", 2), ints("pads", 1, 1), i("ceil_mode", 1)));
        c.put("MaxPool 2-D dilations pads", pool("MaxPool", new int[] {1, 2, 7, 6}, false, ints("kernel_shape", 2, 3),
                ints("dilations", 2, 1), ints("pads", 1, 0, 1, 2)));
        c.put("MaxPool 2-D SAME_UPPER", pool("MaxPool", new int[] {1, 2, 7, 6}, false, ints("kernel_shape", 2, 3),
                s("auto_pad", "SAME_UPPER")));
        c.put("MaxPool 2-D SAME_LOWER strides", pool("MaxPool", new int[] {1, 2, 5, 6}, false, ints("kernel_shape", 3, 2),
                ints("strides", 2, 2), s("auto_pad", "SAME_LOWER")));
        c.put("MaxPool 2-D storage_order 1 indices", pool("MaxPool", new int[] {2, 2, 4, 5}, true, ints("kernel_shape", 2, 2),
                i("storage_order", 1)));
        c.put("MaxPool 2-D as tf2onnx writes 1-D (k [1,2])", pool("MaxPool", new int[] {2, 4, 1, 7}, false,
                ints("kernel_shape", 1, 2), ints("strides", 1, 2), s("auto_pad", "VALID")));
        c.put("AveragePool 1-D pads count_include_pad 0", pool("AveragePool", new int[] {2, 3, 9}, false, ints("kernel_shape", 4),
                ints("pads", 1, 2)));
        c.put("AveragePool 1-D pads count_include_pad 1 ceil", pool("AveragePool", new int[] {2, 3, 9}, false,
                ints("kernel_shape", 4), ints("strides", 3), ints("pads", 1, 2), i("count_include_pad", 1), i("ceil_mode", 1)));
        c.put("AveragePool 2-D SAME_UPPER", pool("AveragePool", new int[] {1, 2, 5, 7}, false, ints("kernel_shape", 3, 2),
                ints("strides", 2, 3), s("auto_pad", "SAME_UPPER")));
        for (String op : List.of("ReduceProd", "ReduceMin", "ReduceL1", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp")) {
            c.put(op + " axes attr keepdims", reduce(op, 13, new long[] {1}, 1, false));
            c.put(op + " axes input no keepdims", reduce(op, 18, new long[] {0, -1}, 0, false));
            c.put(op + " all axes", reduce(op, 18, null, 1, true));
        }
        for (String op : List.of("ArgMax", "ArgMin")) {
            G g = new G(13, 3, 4, 5);
            c.put(op + " axis 1", g.out(g.node(op, List.of("x"), i("axis", 1)), true));
            G g2 = new G(13, 3, 4, 5);
            // rounded input: ties, so select_last_index matters
            String r = g2.node("Floor", List.of("x"));
            c.put(op + " axis -1 last index no keepdims", g2.out(g2.node(op, List.of(r), i("axis", -1), i("keepdims", 0),
                    i("select_last_index", 1)), true));
        }
        for (String op : List.of("Floor", "Ceil", "Round", "Sign", "Sin", "Cos", "HardSwish", "Mish", "Celu",
                "ThresholdedRelu")) {
            G g = new G(18, 4, 6);
            // x * 1.5 puts values on .5 ties after Round's scaling too
            AttributeProto[] attrs = op.equals("Celu") ? new AttributeProto[] {f("alpha", 0.7f)}
                    : op.equals("ThresholdedRelu") ? new AttributeProto[] {f("alpha", 0.3f)} : new AttributeProto[0];
            String in = op.equals("Round") ? g.node("Floor", List.of(g.node("Mul", List.of("x", g.floats(new int[0], 4f)))))
                    : "x";
            String scaled = op.equals("Round") ? g.node("Div", List.of(in, g.floats(new int[0], 2f))) : in;
            c.put(op, g.out(g.node(op, List.of(scaled), attrs), false));
        }
        c.put("Loop trip count 4 with scan output", loop(4, -1));
        c.put("Loop stopped by its condition", loop(10, 2));
        c.put("Loop condition only (while)", loop(-1, 3));
        c.put("Scan axes and directions", scan());
        c.put("If then", ifThenElse("Greater"));
        c.put("If else", ifThenElse("Less"));
        return c;
    }

    @TestFactory
    List<DynamicTest> engramMatchesOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, G> e : cases().entrySet()) {
            G g = e.getValue();
            byte[] model = g.build();
            tests.add(DynamicTest.dynamicTest(e.getKey() + " (opset " + g.opset + ")", () -> {
                Random r = new Random(e.getKey().hashCode());
                float[] x = new float[Shape.of(g.shape).size()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) (2 * r.nextGaussian());
                }
                Tensor input = Tensor.wrap(Shape.of(g.shape), x);
                List<Tensor> want = OrtRunner.runAll(model, List.of("x"), List.of(input));
                Map<String, Tensor> got = OnnxModel.load(model, e.getKey()).predict(Map.of("x", input));
                for (int k = 0; k < g.outs.size(); k++) {
                    AGREEMENT.check(e.getKey() + " output " + k, want.get(k), got.get(g.outs.get(k)));
                }
            }));
        }
        return tests;
    }

    @org.junit.jupiter.api.Test
    void samePaddingWithDilationsIsRefusedWhereTheReadersDisagree() throws Exception {
        byte[] model = pool("MaxPool", new int[] {1, 2, 7, 6}, false, ints("kernel_shape", 2, 3), ints("dilations", 2, 1),
                s("auto_pad", "SAME_UPPER")).build();
        OnnxModel m = OnnxModel.load(model, "same-dilated");
        OnnxExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxExecutionException.class,
                () -> m.predict(Map.of("x", Tensor.zeros(Shape.of(1, 2, 7, 6)))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("ONNX Runtime compute different output sizes"),
                e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void hostileControlFlowIsRefusedWithReasons() throws Exception {
        // No trip count and no condition: unbounded.
        G g = new G(16, 2, 3);
        GraphProto.Builder b = GraphProto.newBuilder().setName("body");
        b.addInput(typed("i", TensorProto.DataType.INT64_VALUE, new int[0]));
        b.addInput(typed("c", TensorProto.DataType.BOOL_VALUE, new int[0]));
        b.addInput(typed("v", TensorProto.DataType.FLOAT_VALUE, null));
        b.addNode(NodeProto.newBuilder().setOpType("Identity").addInput("c").addOutput("c2"));
        b.addNode(NodeProto.newBuilder().setOpType("Identity").addInput("v").addOutput("v2"));
        b.addOutput(typed("c2", TensorProto.DataType.BOOL_VALUE, new int[0]));
        b.addOutput(typed("v2", TensorProto.DataType.FLOAT_VALUE, null));
        g.out(g.node("Loop", List.of("", "", "x"), graph("body", b.build())), false);
        OnnxModel unbounded = OnnxModel.load(g.build(), "unbounded");
        Tensor x = Tensor.zeros(Shape.of(2, 3));
        String m1 = org.junit.jupiter.api.Assertions.assertThrows(OnnxExecutionException.class,
                () -> unbounded.predict(Map.of("x", x))).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(m1.contains("an unbounded loop is refused"), m1);

        // A huge trip count with a condition that stays true: stopped at the iteration limit, quickly.
        G h = new G(16, 2, 3);
        h.out(h.node("Loop", List.of(h.longsShaped(new int[0], Long.MAX_VALUE), h.bool(true), "x"),
                graph("body", b.build())), false);
        OnnxModel endless = OnnxModel.load(h.build(), "endless");
        long t0 = System.nanoTime();
        String m2 = org.junit.jupiter.api.Assertions.assertThrows(OnnxExecutionException.class,
                () -> endless.predict(Map.of("x", x))).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(m2.contains("runs more than 1048576 iterations"), m2);
        System.out.println("[control flow] iteration limit reached in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        // Subgraphs nested deeper than the limit are refused at load, naming the limit.
        GraphProto inner = b.build();
        for (int depth = 0; depth < 9; depth++) {
            GraphProto.Builder outer = GraphProto.newBuilder().setName("level" + depth);
            outer.addInput(typed("i", TensorProto.DataType.INT64_VALUE, new int[0]));
            outer.addInput(typed("c", TensorProto.DataType.BOOL_VALUE, new int[0]));
            outer.addInput(typed("v", TensorProto.DataType.FLOAT_VALUE, null));
            outer.addNode(NodeProto.newBuilder().setOpType("Loop").addInput("").addInput("c").addInput("v")
                    .addOutput("v2").addAttribute(graph("body", inner)));
            outer.addNode(NodeProto.newBuilder().setOpType("Identity").addInput("c").addOutput("c2"));
            outer.addOutput(typed("c2", TensorProto.DataType.BOOL_VALUE, new int[0]));
            outer.addOutput(typed("v2", TensorProto.DataType.FLOAT_VALUE, null));
            inner = outer.build();
        }
        G d = new G(16, 2, 3);
        d.out(d.node("Loop", List.of(d.longsShaped(new int[0], 1), d.bool(true), "x"), graph("body", inner)), false);
        byte[] deep = d.build();
        String m3 = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(deep, "deep")).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(m3.contains("nested deeper than 8 levels"), m3);
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] corpus ops, Engram importer vs ONNX Runtime: " + AGREEMENT);
    }
}
