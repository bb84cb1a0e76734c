package dev.engram.io.onnx;

import static dev.engram.io.onnx.OpGraph.f;
import static dev.engram.io.onnx.OpGraph.i;
import static dev.engram.io.onnx.OpGraph.ints;
import static dev.engram.io.onnx.OpGraph.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.LoadLimits;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resize behaviour ONNX Runtime cannot be asked about (ResizeOrtTest covers the numbers): hostile sizes fail with
 * the node and the element limit before anything is allocated, refused node forms name the reason, negative axes
 * equal the positive ones (ONNX Runtime 1.22 crashes on them), integer data resizes in nearest mode, and an empty
 * output is allowed.
 */
class ResizeOpsTest {
    private static final int[] X = {1, 2, 4, 5};

    private static Tensor input(int... shape) {
        float[] v = new float[Shape.of(shape).size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) Math.sin(0.7 * k) * (1 + k % 3);
        }
        return Tensor.wrap(Shape.of(shape), v);
    }

    private static OnnxExecutionException fails(OpGraph g, String out, LoadLimits limits) throws Exception {
        OnnxModel m = OnnxModel.load(g.build(out), "resize.onnx", limits);
        return assertThrows(OnnxExecutionException.class, () -> m.predict(input(g.shape)));
    }

    @Test
    void hugeScalesAndSizesFailWithTheLimitAndBlameTheFile() throws Exception {
        OpGraph g = new OpGraph(13, X);
        String out = g.node("Resize", List.of("x", "", g.floats(new int[] {4}, 1, 1, 1e9f, 1e9f)));
        OnnxExecutionException e = fails(g, out, LoadLimits.defaults());
        assertTrue(e.getMessage().contains("Resize") && e.getMessage().contains("over the limit of")
                && e.getMessage().contains("--max-tensor-elements"), e.getMessage());
        assertFalse(e.inputError(), "the scales are an initializer: the file is at fault");
        // a scale whose product overflows float32 saturates and is refused the same way
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", "", g.floats(new int[] {4}, 1, 1, 3e38f, 1)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("over the limit of"));
        g = new OpGraph(18, X);
        out = g.node("Resize", List.of("x", "", "", g.longs(1L << 40, 3)), ints("axes", 2, 3));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("over the limit of"));
        // within the element limit for the output, but not for an antialiased kernel's taps (2 outputs x 4 cells
        // over 60 inputs is fine; 30 outputs x 4 cells is over a limit of 100)
        g = new OpGraph(18, 1, 60);
        out = g.node("Resize", List.of("x", "", "", g.longs(1, 30)), s("mode", "linear"), i("antialias", 1));
        String taps = fails(g, out, LoadLimits.defaults().withTensorElements(100)).getMessage();
        assertTrue(taps.contains("interpolation taps") && taps.contains("over the limit of 100"), taps);
    }

    @Test
    void malformedAndDisagreeingFormsAreRefusedWithTheReason() throws Exception {
        OpGraph g = new OpGraph(13, X);
        String out = g.node("Resize", List.of("x", "", g.floats(new int[] {4}, 1, 1, Float.NaN, 2)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("must be finite and > 0"));
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", "", g.floats(new int[] {4}, 1, 1, 2, 2), g.longs(1, 2, 8, 10)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("exactly one of scales and sizes"));
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x"));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("got neither"));
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", "", "", g.longs(1, 2, -1, 3)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("must be >= 0"));
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", "", g.floats(new int[] {3}, 1, 2, 2)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("one value per resized axis (4)"));
        g = new OpGraph(10, X);
        out = g.node("Resize", List.of("x", g.floats(new int[] {4}, 1, 1, 2, 2)), s("mode", "cubic"));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("needs Resize from opset 11"));
        g = new OpGraph(10, X);
        out = g.node("Upsample", List.of("x", g.floats(new int[] {4}, 1, 1, 2, 2)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("deprecated since opset 10"));
        g = new OpGraph(9, X);
        out = g.node("Upsample", List.of("x", g.floats(new int[] {4}, 1, 1, 0.5f, 2)));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("finite and >= 1"));
        g = new OpGraph(18, X);
        out = g.node("Resize", List.of("x", "", g.floats(new int[] {4}, 1, 1, 0.5f, 0.5f)), i("antialias", 1));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("not nearest"));
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", "", g.floats(new int[] {4}, 1, 1, 2, 2)), s("mode", "bilinear"));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("not one of nearest, linear, cubic"));
        // tf_crop_and_resize where the readers disagree: with scales, and on an axis of unchanged length
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", g.floats(new int[] {8}, 0, 0, 0.1f, 0, 1, 1, 0.9f, 1),
                g.floats(new int[] {4}, 1, 1, 2, 2)), s("coordinate_transformation_mode", "tf_crop_and_resize"));
        String m = fails(g, out, LoadLimits.defaults()).getMessage();
        assertTrue(m.contains("with scales and a region other than [0, 1] on axis 2") && m.contains("give sizes"), m);
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", g.floats(new int[] {8}, 0, 0, 0.1f, 0, 1, 1, 0.9f, 1), "",
                g.longs(1, 2, 4, 7)), s("coordinate_transformation_mode", "tf_crop_and_resize"));
        m = fails(g, out, LoadLimits.defaults()).getMessage();
        assertTrue(m.contains("on axis 2, whose length stays 4") && m.contains("leaves such an axis uncropped"), m);
        g = new OpGraph(13, X);
        out = g.node("Resize", List.of("x", "", "", g.longs(1, 2, 3, 7)),
                s("coordinate_transformation_mode", "tf_crop_and_resize"));
        assertTrue(fails(g, out, LoadLimits.defaults()).getMessage().contains("needs roi with 8 values"));
    }

    @Test
    void negativeAxesAreTheAxesTheyName() throws Exception {
        for (String mode : new String[] {"nearest", "linear", "cubic"}) {
            Tensor[] outs = new Tensor[2];
            long[][] axes = {{2, 3}, {-2, -1}};
            for (int k = 0; k < 2; k++) {
                OpGraph g = new OpGraph(18, X);
                String y = g.node("Resize", List.of("x", g.floats(new int[] {4}, 0.1f, -0.2f, 0.8f, 1.1f), "",
                        g.longs(6, 3)), s("mode", mode), ints("axes", axes[k]),
                        s("coordinate_transformation_mode", "tf_crop_and_resize"), f("extrapolation_value", 9));
                outs[k] = OnnxModel.load(g.build(y), "axes.onnx").predict(input(X));
            }
            assertArrayEquals(new int[] {1, 2, 6, 3}, outs[0].shape().toArray());
            assertArrayEquals(outs[0].toArray(), outs[1].toArray(), mode);
        }
    }

    @Test
    void integerDataResizesInNearestModeOnly() throws Exception {
        OpGraph g = new OpGraph(13, X);
        String cast = g.node("Cast", List.of("x"), i("to", TensorProto.DataType.INT64_VALUE));
        String y = g.node("Resize", List.of(cast, "", g.floats(new int[] {4}, 1, 1, 1.5f, 0.6f)),
                s("nearest_mode", "ceil"));
        OpGraph gf = new OpGraph(13, X);
        String yf = gf.node("Resize", List.of("x", "", gf.floats(new int[] {4}, 1, 1, 1.5f, 0.6f)),
                s("nearest_mode", "ceil"));
        float[] x = new float[Shape.of(X).size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = k * 3 - 17;
        }
        Value in = Value.ofFloats(X, x);
        Map<String, Value> got = OnnxModel.load(g.build(y), "int.onnx").run(Map.of("x", in));
        Map<String, Value> want = OnnxModel.load(gf.build(yf), "float.onnx").run(Map.of("x", in));
        Value gi = got.values().iterator().next();
        assertFalse(gi.isFloat(), "integer data stays integer");
        assertArrayEquals(new int[] {1, 2, 6, 3}, gi.shape());
        assertArrayEquals(want.values().iterator().next().floats(), gi.floats());
        OpGraph gl = new OpGraph(13, X);
        String c = gl.node("Cast", List.of("x"), i("to", TensorProto.DataType.INT64_VALUE));
        String yl = gl.node("Resize", List.of(c, "", gl.floats(new int[] {4}, 1, 1, 2, 2)), s("mode", "linear"));
        OnnxModel m = OnnxModel.load(gl.build(yl), "int_linear.onnx");
        OnnxExecutionException e = assertThrows(OnnxExecutionException.class, () -> m.run(Map.of("x", in)));
        assertTrue(e.getMessage().contains("linear and cubic modes need float data"), e.getMessage());
    }

    @Test
    void anEmptyOutputIsAllowed() throws Exception {
        OpGraph g = new OpGraph(13, X);
        String y = g.node("Resize", List.of("x", "", "", g.longs(1, 2, 0, 5)), s("mode", "linear"));
        Tensor out = OnnxModel.load(g.build(y), "empty.onnx").predict(input(X));
        assertArrayEquals(new int[] {1, 2, 0, 5}, out.shape().toArray());
        assertEquals(0, out.size());
    }
}
