package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The merge layers' contract (two inputs): Concatenate on the last axis, the element-wise Add,
 * Multiply, Average, Subtract, Maximum and Minimum, and Dot. Add/Multiply/Average/Concatenate values and
 * gradients are checked through the whole-graph gradient test in {@code FunctionalModelTest}; Subtract,
 * Maximum, Minimum (three inputs) and Dot (every axis pairing, normalised or not) against double references
 * here, with finite-difference gradients.
 */
class MergeTest {
    private static final List<Shape> SAME = List.of(Shape.of(3, 4), Shape.of(3, 4));

    /** Concatenate: [3, 4] and [3, 2] to [3, 6]. */
    @Nested
    class ConcatenateContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.concatenate(), List.of(Shape.of(3, 4), Shape.of(3, 2)), Shape.of(3, 6));
        }
    }

    /** Add: two [3, 4] inputs to [3, 4]. */
    @Nested
    class AddContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.add(), SAME, Shape.of(3, 4));
        }
    }

    /** Multiply: two [3, 4] inputs to [3, 4]. */
    @Nested
    class MultiplyContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.multiply(), SAME, Shape.of(3, 4));
        }
    }

    /** Average: two [3, 4] inputs to [3, 4]. */
    @Nested
    class AverageContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.average(), SAME, Shape.of(3, 4));
        }
    }

    /** Subtract: two [3, 4] inputs to [3, 4]. */
    @Nested
    class SubtractContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.subtract(), SAME, Shape.of(3, 4));
        }
    }

    /** Maximum: two [3, 4] inputs to [3, 4]. */
    @Nested
    class MaximumContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.maximum(), SAME, Shape.of(3, 4));
        }
    }

    /** Minimum: two [3, 4] inputs to [3, 4]. */
    @Nested
    class MinimumContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.minimum(), SAME, Shape.of(3, 4));
        }
    }

    /** Dot over the features: [3, 4] and [5, 4] to [3, 5]. */
    @Nested
    class DotContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.dot(-1), List.of(Shape.of(3, 4), Shape.of(5, 4)), Shape.of(3, 5));
        }
    }

    /** Normalised Dot over the steps of one and the features of the other: [3, 4] and [2, 3] to [4, 2]. */
    @Nested
    class NormalizedDotContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.dot(1, 2).withNormalize(true), List.of(Shape.of(3, 4), Shape.of(2, 3)), Shape.of(4, 2));
        }
    }

    private static Tensor input(long seed, int... shape) {
        Shape s = Shape.of(shape);
        return Tensor.wrap(s, Numeric.randomFloats(s.size(), seed, 1.0));
    }

    private static Layer built(LayerConfig<?> config, List<Tensor> xs) {
        Layer layer = config.create("m");
        List<Shape> shapes = new ArrayList<>();
        xs.forEach(x -> shapes.add(x.shape().dropFirst()));
        layer.buildAll(shapes, new SplittableRandom(1));
        return layer;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"subtract", "maximum", "minimum"})
    void elementwiseModesMatchTheirDefinitionAndGradients(String mode) {
        List<Tensor> xs = mode.equals("subtract") ? List.of(input(1, 2, 3, 4), input(2, 2, 3, 4))
                : List.of(input(1, 2, 3, 4), input(2, 2, 3, 4), input(3, 2, 3, 4));
        MergeConfig config = switch (mode) {
            case "subtract" -> Layers.subtract();
            case "maximum" -> Layers.maximum();
            default -> Layers.minimum();
        };
        LayerGradientCheck.check(mode, built(config, xs), xs, null, Options.AS_BUILT, a -> {
            double[] out = a[0].clone();
            for (int k = 1; k < a.length; k++) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = switch (mode) {
                        case "subtract" -> out[i] - a[k][i];
                        case "maximum" -> Math.max(out[i], a[k][i]);
                        default -> Math.min(out[i], a[k][i]);
                    };
                }
            }
            return List.of(out);
        });
    }

    @Test
    void maximumGivesTiesToTheFirstInputLikeTensorFlow() {
        Tensor a = Tensor.of(new float[][] {{1, 2}});
        Tensor b = Tensor.of(new float[][] {{1, 3}});
        Layer layer = built(Layers.maximum(), List.of(a, b));
        var pass = layer.forward(List.of(a, b), null, new TrainingContext(new SplittableRandom(1)));
        List<Tensor> g = pass.backwardAll(List.of(Tensor.of(new float[][] {{5, 7}})));
        assertEquals(List.of(5f, 0f), List.of(g.get(0).buffer()[0], g.get(0).buffer()[1]));
        assertEquals(List.of(0f, 7f), List.of(g.get(1).buffer()[0], g.get(1).buffer()[1]));
    }

    @Test
    void subtractTakesExactlyTwoInputs() {
        Layer layer = Layers.subtract().create("sub");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.buildAll(List.of(Shape.of(2), Shape.of(2), Shape.of(2)), new SplittableRandom(1)));
        assertEquals("Layer 'sub' (Subtract) takes exactly 2 inputs, got 3", e.getMessage());
    }

    /** Keras batch_dot in double: x's other dims, then y's other dims; rank 1 becomes [b, 1]. */
    private static double[] referenceDot(double[] x, int[] xs, int ax, double[] y, int[] ys, int ay, boolean normalize,
            double floor) {
        int b = xs[0];
        int[] xo = others(xs, ax);
        int[] yo = others(ys, ay);
        int k = xs[ax];
        int m = 1;
        for (int d : xo) {
            m *= xs[d];
        }
        int n = 1;
        for (int d : yo) {
            n *= ys[d];
        }
        double[] out = new double[b * m * n];
        for (int bi = 0; bi < b; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    double nx = 0;
                    double ny = 0;
                    for (int c = 0; c < k; c++) {
                        double xv = x[index(xs, xo, ax, bi, i, c)];
                        double yv = y[index(ys, yo, ay, bi, j, c)];
                        acc += xv * yv;
                        nx += xv * xv;
                        ny += yv * yv;
                    }
                    out[(bi * m + i) * n + j] = normalize ? acc / Math.max(Math.sqrt(nx), floor)
                            / Math.max(Math.sqrt(ny), floor) : acc;
                }
            }
        }
        return out;
    }

    private static int[] others(int[] shape, int axis) {
        int[] o = new int[shape.length - 2];
        int p = 0;
        for (int d = 1; d < shape.length; d++) {
            if (d != axis) {
                o[p++] = d;
            }
        }
        return o;
    }

    /** Flat index of sample b, other-dims position r (row-major over {@code others}) and contraction position c. */
    private static int index(int[] shape, int[] others, int axis, int b, int r, int c) {
        int[] at = new int[shape.length];
        at[0] = b;
        at[axis] = c;
        for (int q = others.length - 1; q >= 0; q--) {
            at[others[q]] = r % shape[others[q]];
            r /= shape[others[q]];
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + at[d];
        }
        return flat;
    }

    @ParameterizedTest(name = "x{0} y{1} axes {2},{3} normalize {4}")
    @CsvSource({
        "'2,4', '2,4', -1, -1, false", "'2,4', '2,4', 1, 1, true", "'2,3,4', '2,5,4', 2, 2, false",
        "'2,3,4', '2,3,5', 1, 1, true", "'2,3,4', '2,4,5', 2, 1, false", "'2,3,4', '2,4', -1, -1, true",
        "'2,4', '2,5,4', 1, 2, false", "'2,3,2,4', '2,4,3', 3, 1, true", "'2,2,3,4', '2,3,2,5', 2, -3, false"})
    void dotMatchesBatchDotAndItsGradients(String xShape, String yShape, int ax, int ay, boolean normalize) {
        int[] xs = java.util.Arrays.stream(xShape.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] ys = java.util.Arrays.stream(yShape.split(",")).mapToInt(Integer::parseInt).toArray();
        List<Tensor> in = List.of(input(4, xs), input(5, ys));
        DotConfig config = Layers.dot(ax, ay).withNormalize(normalize);
        int rx = ax < 0 ? ax + xs.length : ax;
        int ry = ay < 0 ? ay + ys.length : ay;
        Layer layer = built(config, in);
        LayerGradientCheck.check("dot", layer, in, null, Options.AS_BUILT.withOutputTolerance(1e-5, 1e-6),
                a -> List.of(referenceDot(a[0], xs, rx, a[1], ys, ry, normalize, config.normFloor())));
        int rank = xs.length + ys.length - 4;
        assertEquals(Math.max(rank, 1), layer.outputShape().rank(), layer.outputShape().toString());
    }

    @Test
    void dotNormalizesBelowTheFloorByTheFloorAndDropsTheMask() {
        Tensor x = Tensor.of(new float[][] {{1e-8f, 0}});
        Tensor y = Tensor.of(new float[][] {{1, 0}});
        Layer layer = built(Layers.dot(1).withNormalize(true).withNormFloor(DotConfig.TFJS_NORM_FLOOR), List.of(x, y));
        float got = layer.callAll(List.of(x, y), null).get(0).buffer()[0];
        assertEquals(1e-8 / Math.sqrt(1e-7), got, 1e-9);
        assertNull(layer.computeMask(List.of(x, y), Tensor.of(new float[][] {{1, 1}})));
    }

    @Test
    void dotRefusesUnequalAxesAndTheBatchAxis() {
        Layer layer = Layers.dot(-1).create("dot_x");
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(3, 4), Shape.of(3, 5)), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("Dot: axis 2 of input 0 and axis 2 of input 1"), e.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> Layers.dot(0));
        assertEquals("Dot cannot take the dot product over the batch axis 0, got axes [0]", b.getMessage());
    }

    private static Layer merge(MergeConfig config, int steps) {
        Layer layer = config.create("m");
        layer.buildAll(List.of(Shape.of(steps, 2), Shape.of(steps, 2)), new SplittableRandom(1));
        return layer;
    }

    /**
     * Masks per rule: tf-keras 2 / TF.js AND the masks present (none when none is); Keras 3 ORs them when every
     * input has one and passes none otherwise; a concatenation along time concatenates them under both.
     */
    @Test
    void mergesCombineTheirInputsMasksByTheirOriginsRule() {
        Tensor x = Tensor.zeros(Shape.of(1, 3, 2));
        Tensor a = Tensor.of(new float[][] {{1, 1, 0}});
        Tensor b = Tensor.of(new float[][] {{1, 0, 1}});
        Layer all = merge(Layers.add(), 3);
        Layer keras3 = merge(Layers.add().withMaskRule(MergeMaskRule.KERAS3), 3);
        assertEquals(List.of(1f, 0f, 0f), values(all.combineMasks(List.of(x, x), java.util.Arrays.asList(a, b))));
        assertEquals(List.of(1f, 1f, 1f), values(keras3.combineMasks(List.of(x, x), java.util.Arrays.asList(a, b))));
        assertEquals(List.of(1f, 0f, 1f), values(all.combineMasks(List.of(x, x), java.util.Arrays.asList(null, b))));
        assertNull(keras3.combineMasks(List.of(x, x), java.util.Arrays.asList(null, b)));
        assertNull(all.combineMasks(List.of(x, x), java.util.Arrays.asList(null, null)));
        Layer features = merge(Layers.concatenate(), 3);
        assertEquals(List.of(1f, 0f, 0f), values(features.combineMasks(List.of(x, x), java.util.Arrays.asList(a, b))));
        Layer time = merge(Layers.concatenate(1), 3);
        Tensor shorter = Tensor.zeros(Shape.of(1, 3, 2));
        assertEquals(List.of(1f, 1f, 1f, 1f, 1f, 0f),
                values(time.combineMasks(List.of(shorter, x), java.util.Arrays.asList(null, a))));
        assertEquals(Shape.of(1, 6), time.combineMasks(List.of(x, x), java.util.Arrays.asList(a, b)).shape());
    }

    private static List<Float> values(Tensor t) {
        List<Float> out = new ArrayList<>();
        for (float v : t.toArray()) {
            out.add(v);
        }
        return out;
    }
}
