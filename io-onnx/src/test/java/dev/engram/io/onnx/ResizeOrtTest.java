package dev.engram.io.onnx;

import static dev.engram.io.onnx.OpGraph.f;
import static dev.engram.io.onnx.OpGraph.i;
import static dev.engram.io.onnx.OpGraph.ints;
import static dev.engram.io.onnx.OpGraph.s;

import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX {@code Resize} at opsets 10, 11, 13, 18 and 19 and {@code Upsample} at 7 and 9, run by ONNX Runtime and by
 * Engram's importer on the same single-op graphs (rtol 1e-5, atol 1e-6): every coordinate transformation (with
 * fractional {@code scale·length}, where ONNX's numpy reference and ONNX Runtime part ways for align_corners) ×
 * nearest (four roundings), linear and cubic × scales up, sizes down and a mixed shrink/grow; tf_crop_and_resize
 * with regions reaching outside the input and an extrapolation value; antialias, exclude_outside,
 * cubic_coeff_a, axes in both orders and keep_aspect_ratio_policy; 3-D and 5-D data. ONNX's own node tests
 * (OnnxNodeTestsTest) cover the reference's cases. Cubic cases are held to atol 2e-6 (see below).
 */
class ResizeOrtTest {
    private static final Agreement AGREEMENT = new Agreement();
    private static final Agreement CUBIC = new Agreement(1e-5, 2e-6);
    private static final int[] X = {1, 2, 4, 5};

    /** One Resize graph and a name. */
    private record Case(String name, OpGraph graph, String output) {
    }

    /** How the target size is given. */
    private enum Target {
        SCALES_UP(1, 1, 2.5f, 1.7f), SIZES_DOWN(1, 2, 3, 2), SCALES_MIXED(1, 1, 0.7f, 1.6f);

        final float[] v;

        Target(float... v) {
            this.v = v;
        }
    }

    private static Case resize(String name, int opset, int[] shape, Target target, float[] roi, AttributeProto... a) {
        OpGraph g = new OpGraph(opset, shape);
        List<String> in = new ArrayList<>();
        in.add("x");
        String emptyOrOmitted = opset < 13 ? g.floats(new int[] {0}) : "";
        in.add(roi != null ? g.floats(new int[] {roi.length}, roi) : emptyOrOmitted);
        if (target == Target.SIZES_DOWN) {
            in.add(emptyOrOmitted);
            long[] sizes = new long[target.v.length];
            for (int k = 0; k < sizes.length; k++) {
                sizes[k] = (long) target.v[k];
            }
            in.add(g.longs(sizes));
        } else {
            in.add(g.floats(new int[] {target.v.length}, target.v));
        }
        return new Case(name + "/opset" + opset, g, g.node("Resize", in, a));
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String[] coords = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn",
            "half_pixel_symmetric", "tf_crop_and_resize"};
        String[] roundings = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
        for (int opset : new int[] {11, 13, 18, 19}) {
            for (String coord : coords) {
                if (coord.equals("tf_half_pixel_for_nn") && opset != 11
                        || coord.equals("half_pixel_symmetric") && opset < 19) {
                    continue; // outside the opset's operator text
                }
                boolean crop = coord.equals("tf_crop_and_resize");
                for (Target t : Target.values()) {
                    // tf_crop_and_resize: a region reaching outside the input with sizes; the whole input with scales
                    float[] roi = !crop ? null : t == Target.SIZES_DOWN
                            ? new float[] {0, 0, 0.2f, -0.15f, 1, 1, 0.9f, 1.2f} : new float[] {0, 0, 0, 0, 1, 1, 1, 1};
                    String base = coord + "_" + t.name().toLowerCase();
                    for (String r : roundings) {
                        c.add(resize(base + "_nearest_" + r, opset, X, t, roi, s("coordinate_transformation_mode",
                                coord), s("mode", "nearest"), s("nearest_mode", r), f("extrapolation_value", 2.5f)));
                    }
                    for (String mode : new String[] {"linear", "cubic"}) {
                        c.add(resize(base + "_" + mode, opset, X, t, roi, s("coordinate_transformation_mode", coord),
                                s("mode", mode)));
                    }
                }
            }
        }
        // opset 10 and Upsample: asymmetric, nearest truncates when enlarging and rounds up when shrinking
        for (Target t : new Target[] {Target.SCALES_UP, Target.SCALES_MIXED}) {
            for (String mode : new String[] {"nearest", "linear"}) {
                OpGraph g = new OpGraph(10, X);
                c.add(new Case("resize10_" + mode + "_" + t.name().toLowerCase(), g, g.node("Resize",
                        List.of("x", g.floats(new int[] {4}, t.v)), s("mode", mode))));
            }
        }
        for (String mode : new String[] {"nearest", "linear"}) {
            OpGraph g9 = new OpGraph(9, X);
            c.add(new Case("upsample9_" + mode, g9, g9.node("Upsample", List.of("x",
                    g9.floats(new int[] {4}, 1, 1, 2, 3.5f)), s("mode", mode))));
            OpGraph g7 = new OpGraph(7, X);
            c.add(new Case("upsample7_" + mode, g7, g7.node("Upsample", List.of("x"), s("mode", mode),
                    OpGraph.floatsAttr("scales", 1, 1, 3, 2))));
        }
        // opset 18+: antialias, exclude_outside, cubic_coeff_a, axes, keep_aspect_ratio_policy
        for (int opset : new int[] {18, 19}) {
            for (String coord : new String[] {"half_pixel", "align_corners", "pytorch_half_pixel", "asymmetric"}) {
                for (Target t : new Target[] {Target.SIZES_DOWN, Target.SCALES_MIXED}) {
                    String base = coord + "_" + t.name().toLowerCase();
                    c.add(resize("antialias_linear_" + base, opset, new int[] {1, 2, 9, 7}, t, null,
                            s("coordinate_transformation_mode", coord), s("mode", "linear"), i("antialias", 1)));
                    c.add(resize("antialias_cubic_exclude_" + base, opset, new int[] {1, 2, 9, 7}, t, null,
                            s("coordinate_transformation_mode", coord), s("mode", "cubic"), i("antialias", 1),
                            i("exclude_outside", 1), f("cubic_coeff_a", -0.5f)));
                    c.add(resize("cubic_exclude_a_" + base, opset, X, t, null, s("coordinate_transformation_mode",
                            coord), s("mode", "cubic"), i("exclude_outside", 1), f("cubic_coeff_a", -0.6f)));
                }
            }
            // (negative axes crash ONNX Runtime 1.22: ResizeTest checks them against the positive ones)
            for (long[] axes : new long[][] {{2, 3}, {3, 2}}) {
                String ax = "axes_" + axes[0] + "_" + axes[1];
                OpGraph g = new OpGraph(opset, X);
                c.add(new Case(ax + "_scales_linear/opset" + opset, g, g.node("Resize", List.of("x", "",
                        g.floats(new int[] {2}, 1.5f, 0.6f)), s("mode", "linear"), ints("axes", axes))));
                for (String policy : new String[] {"stretch", "not_larger", "not_smaller"}) {
                    g = new OpGraph(opset, X);
                    c.add(new Case(ax + "_sizes_nearest_" + policy + "/opset" + opset, g, g.node("Resize",
                            List.of("x", "", "", g.longs(7, 3)), s("mode", "nearest"), ints("axes", axes),
                            s("keep_aspect_ratio_policy", policy))));
                    g = new OpGraph(opset, X);
                    c.add(new Case(ax + "_sizes_cubic_" + policy + "/opset" + opset, g, g.node("Resize",
                            List.of("x", "", "", g.longs(3, 9)), s("mode", "cubic"), ints("axes", axes),
                            s("keep_aspect_ratio_policy", policy))));
                }
                g = new OpGraph(opset, X);
                c.add(new Case(ax + "_crop_linear/opset" + opset, g, g.node("Resize", List.of("x",
                        g.floats(new int[] {4}, 0.1f, -0.2f, 1.3f, 0.8f), "", g.longs(6, 3)), s("mode", "linear"),
                        s("coordinate_transformation_mode", "tf_crop_and_resize"), ints("axes", axes),
                        f("extrapolation_value", -1.5f))));
            }
        }
        // other ranks: linear over a 3-D [N, C, L] and nearest over 5-D
        OpGraph g3 = new OpGraph(13, 2, 3, 7);
        c.add(new Case("linear_3d", g3, g3.node("Resize", List.of("x", "", g3.floats(new int[] {3}, 1, 1, 1.5f)),
                s("mode", "linear"))));
        OpGraph g5 = new OpGraph(13, 1, 2, 3, 4, 5);
        c.add(new Case("nearest_5d", g5, g5.node("Resize", List.of("x", "", "", g5.longs(1, 2, 5, 3, 8)),
                s("mode", "nearest"), s("coordinate_transformation_mode", "align_corners"))));
        return c;
    }

    @TestFactory
    List<DynamicTest> resizeMatchesOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            byte[] model = c.graph().build(c.output());
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Random r = new Random(c.name().hashCode());
                int[] shape = c.graph().shape;
                float[] x = new float[Shape.of(shape).size()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) r.nextGaussian();
                }
                Tensor input = Tensor.wrap(Shape.of(shape), x);
                Tensor want = OrtRunner.run(model, "x", input);
                Tensor got = OnnxModel.load(model, c.name()).predict(input);
                if (c.name().contains("cubic")) {
                    // ONNX Runtime sums the 16 (2-D) or more cubic products in float32, Engram in double:
                    // up to 1.5e-6 apart on N(0, 1) data, so cubic cases are held to atol 2e-6
                    CUBIC.check(c.name(), want, got);
                } else {
                    AGREEMENT.check(c.name(), want, got);
                }
            }));
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] Resize/Upsample nearest and linear, Engram importer vs ONNX Runtime: "
                + AGREEMENT);
        System.out.println("[agreement] Resize cubic (atol 2e-6), Engram importer vs ONNX Runtime: " + CUBIC);
    }
}
