package dev.engram.io.onnx;

import static dev.engram.io.onnx.OpGraph.f;
import static dev.engram.io.onnx.OpGraph.i;
import static dev.engram.io.onnx.OpGraph.ints;
import static dev.engram.io.onnx.OpGraph.s;

import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The variants of the imported operators that ONNX's node tests (onnx 1.12) do not cover — 1-D and
 * grouped/depthwise Conv with every auto_pad, strides, dilations and asymmetric pads; reductions in
 * their attribute (pre-13/18) and input (13/18+) forms with keepdims (noop_with_empty_axes is left to
 * the node test: ONNX Runtime 1.22 rejects it without axes); Pad
 * with negative pads and axes; chains of comparisons, logic and Where; Tile, Range, the variadic
 * ops, BatchNormalization and LayerNormalization on a middle axis — as single-op graphs run in ONNX
 * Runtime and in Engram's importer (rtol 1e-5, atol 1e-6).
 */
class ImportedOpsOrtTest {
    private static final Agreement AGREEMENT = new Agreement();

    private static OpGraph conv(int[] x, int[] w, boolean bias, AttributeProto... attrs) {
        OpGraph g = new OpGraph(17, x);
        List<String> in = new ArrayList<>(List.of("x", g.random(w)));
        if (bias) {
            in.add(g.random(w[0]));
        }
        g.g.addNode(NodeProto.newBuilder().setOpType("Conv").setName("conv").addAllInput(in).addOutput("y0")
                .addAllAttribute(List.of(attrs)));
        return g;
    }

    /** One importer case: a one-input graph and the output to compare with ONNX Runtime. */
    private record OpCase(String name, OpGraph graph, String output) {
    }

    private static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        c.add(new OpCase("conv1d_pads_strides_dilations", conv(new int[] {2, 3, 9}, new int[] {4, 3, 3}, true,
                ints("pads", 1, 2), ints("strides", 2), ints("dilations", 2)), "y0"));
        for (String pad : new String[] {"SAME_UPPER", "SAME_LOWER", "VALID"}) {
            c.add(new OpCase("conv1d_" + pad.toLowerCase() + "_stride2_even_kernel", conv(new int[] {2, 3, 9},
                    new int[] {4, 3, 4}, true, s("auto_pad", pad), ints("strides", 2)), "y0"));
            c.add(new OpCase("conv2d_" + pad.toLowerCase() + "_depthwise", conv(new int[] {1, 3, 6, 5},
                    new int[] {6, 1, 3, 2}, true, s("auto_pad", pad), i("group", 3), ints("strides", 2, 1),
                    // ONNX Runtime refuses dilations with SAME_*: dilate only the VALID case
                    ints("dilations", 1, pad.equals("VALID") ? 2 : 1)), "y0"));
        }
        c.add(new OpCase("conv2d_group2_asymmetric_pads", conv(new int[] {2, 4, 6, 5}, new int[] {6, 2, 3, 2}, true,
                i("group", 2), ints("pads", 1, 0, 2, 1), ints("strides", 2, 1), ints("dilations", 1, 2),
                ints("kernel_shape", 3, 2)), "y0"));
        c.add(new OpCase("conv2d_no_bias", conv(new int[] {1, 2, 5, 5}, new int[] {3, 2, 3, 3}, false), "y0"));
        OpGraph g = new OpGraph(18, 2, 3, 4);
        c.add(new OpCase("reduce_mean18_axes_input_no_keepdims", g,
                g.node("ReduceMean", List.of("x", g.longs(1)), i("keepdims", 0))));
        g = new OpGraph(18, 2, 3, 4);
        c.add(new OpCase("reduce_max18_all_axes", g, g.node("ReduceMax", List.of("x"))));
        g = new OpGraph(13, 2, 3, 4);
        c.add(new OpCase("reduce_l2_13_axes_attribute", g, g.node("ReduceL2", List.of("x"), ints("axes", -1, 0))));
        g = new OpGraph(13, 2, 3, 4);
        c.add(new OpCase("reduce_sum13_axes_input", g,
                g.node("ReduceSum", List.of("x", g.longs(0, 2)), i("keepdims", 0))));
        g = new OpGraph(11, 2, 3, 4);
        c.add(new OpCase("reduce_sum11_axes_attribute", g, g.node("ReduceSum", List.of("x"), ints("axes", 1))));
        g = new OpGraph(18, 2, 3, 4);
        c.add(new OpCase("pad18_axes_negative", g, g.node("Pad", List.of("x", g.longs(1, -1),
                g.floats(new int[0], 0.5f), g.longs(2)))));
        g = new OpGraph(13, 2, 3, 4);
        c.add(new OpCase("pad13_crop_and_grow", g, g.node("Pad", List.of("x", g.longs(0, 1, 2, 1, 0, -1)))));
        g = new OpGraph(17, 2, 3, 4);
        String gt = g.node("Greater", List.of("x", g.floats(new int[0], 0.2f)));
        String lt = g.node("Less", List.of("x", g.floats(new int[] {4}, -0.2f, 0f, 0.3f, -1f)));
        String or = g.node("Or", List.of(gt, lt));
        String both = g.node("And", List.of(g.node("Not", List.of(or)), g.node("Equal", List.of("x", "x"))));
        String w = g.node("Where", List.of(both, "x", g.floats(new int[] {3, 1}, 2f, -3f, 4f)));
        c.add(new OpCase("logic_where_cast", g, g.node("Add", List.of(w, g.node("Cast", List.of(or),
                i("to", TensorProto.DataType.FLOAT_VALUE))))));
        g = new OpGraph(17, 2, 3, 4);
        String range = g.node("Range", List.of(g.floats(new int[0], 0.5f), g.floats(new int[0], 2.5f),
                g.floats(new int[0], 0.5f)));
        c.add(new OpCase("tile_range", g, g.node("Add", List.of(g.node("Tile", List.of("x", g.longs(1, 2, 1))),
                range))));
        g = new OpGraph(13, 2, 3, 4);
        String c1 = g.random(4);
        String mx = g.node("Max", List.of("x", c1, g.random(3, 1)));
        String mn = g.node("Min", List.of("x", g.random(2, 1, 4)));
        c.add(new OpCase("variadic_max_min_sum_mean", g, g.node("Mean", List.of(mx, mn,
                g.node("Sum", List.of("x", c1, g.random(1, 4)))))));
        g = new OpGraph(15, 2, 3, 4);
        c.add(new OpCase("batch_norm15", g, g.node("BatchNormalization", List.of("x", g.random(3), g.random(3),
                g.random(3), g.floats(new int[] {3}, 0.5f, 1f, 2f)), f("epsilon", 1e-3f))));
        g = new OpGraph(17, 2, 3, 4);
        c.add(new OpCase("layer_norm17_axis1", g, g.node("LayerNormalization", List.of("x", g.random(3, 4),
                g.random(3, 4)), i("axis", 1), f("epsilon", 1e-2f))));
        return c;
    }

    @TestFactory
    List<DynamicTest> importerMatchesOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpCase c : cases()) {
            String name = c.name();
            OpGraph g = c.graph();
            byte[] model = g.build(c.output());
            tests.add(DynamicTest.dynamicTest(name + "/opset" + g.opset, () -> {
                Random r = new Random(name.hashCode());
                float[] x = new float[Shape.of(g.shape).size()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) r.nextGaussian();
                }
                Tensor input = Tensor.wrap(Shape.of(g.shape), x);
                Tensor want = OrtRunner.run(model, "x", input);
                AGREEMENT.check(name, want, OnnxModel.load(model, name).predict(input));
            }));
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] single-op graphs, Engram importer vs ONNX Runtime: " + AGREEMENT);
    }
}
