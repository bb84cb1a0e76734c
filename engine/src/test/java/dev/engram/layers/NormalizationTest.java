package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LayerNormalization and BatchNormalization against double references: outputs and exact
 * gradients (input, gamma, beta; BatchNormalization in training mode, through the batch
 * statistics), center/scale on and off, rank 2 and 3, batch 1; the moving-statistics update of a
 * training pass and inference on the moving statistics; weight order; messages.
 */
class NormalizationTest {
    private static final double EPS = 1e-3;

    /** Layer normalisation of every row of {@code width} values. */
    static double[] layerNorm(double[] x, double[] gamma, double[] beta, int width) {
        double[] y = new double[x.length];
        for (int o = 0; o < x.length; o += width) {
            double mean = 0;
            for (int i = 0; i < width; i++) {
                mean += x[o + i] / width;
            }
            double var = 0;
            for (int i = 0; i < width; i++) {
                var += (x[o + i] - mean) * (x[o + i] - mean) / width;
            }
            for (int i = 0; i < width; i++) {
                double h = (x[o + i] - mean) / Math.sqrt(var + EPS);
                y[o + i] = (gamma == null ? h : gamma[i] * h) + (beta == null ? 0 : beta[i]);
            }
        }
        return y;
    }

    /** Per-feature mean and biased variance over all rows: {@code [mean..., var...]}. */
    static double[][] batchMoments(double[] x, int width) {
        int n = x.length / width;
        double[] mean = new double[width];
        double[] var = new double[width];
        for (int o = 0; o < x.length; o += width) {
            for (int i = 0; i < width; i++) {
                mean[i] += x[o + i] / n;
            }
        }
        for (int o = 0; o < x.length; o += width) {
            for (int i = 0; i < width; i++) {
                var[i] += (x[o + i] - mean[i]) * (x[o + i] - mean[i]) / n;
            }
        }
        return new double[][] {mean, var};
    }

    static double[] batchNorm(double[] x, double[] mean, double[] var, double[] gamma, double[] beta, int width) {
        double[] y = new double[x.length];
        for (int o = 0; o < x.length; o += width) {
            for (int i = 0; i < width; i++) {
                double h = (x[o + i] - mean[i]) / Math.sqrt(var[i] + EPS);
                y[o + i] = (gamma == null ? h : gamma[i] * h) + (beta == null ? 0 : beta[i]);
            }
        }
        return y;
    }

    private static Tensor input(int[] dims, long seed) {
        Shape s = Shape.of(dims);
        float[] v = randomFloats(s.size(), seed, 1.5);
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.3f * (i % dims[dims.length - 1]); // a different mean per feature
        }
        return Tensor.wrap(s, v);
    }

    @ParameterizedTest(name = "layerNorm {0} center={1} scale={2}")
    @CsvSource({"'3,5', true, true", "'1,4', true, true", "'2,3,6', true, true", "'2,4', false, true",
        "'2,4', true, false", "'1,2,3', false, false"})
    void layerNormalizationMatchesTheReference(String dims, boolean center, boolean scale) {
        int[] d = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        int width = d[d.length - 1];
        Layer layer = Layers.layerNormalization().withCenter(center).withScale(scale).create("ln");
        layer.build(Shape.of(d).dropFirst(), new SplittableRandom(1));
        assertEquals((center ? 1 : 0) + (scale ? 1 : 0), layer.parameters().size());
        LayerGradientCheck.randomize(layer, 10, 0.5, 1.0);
        Tensor x = input(d, 4);
        var pass = LayerGradientCheck.check("layerNorm", layer, x, null,
                (xd, p) -> layerNorm(xd, scale ? p[0] : null, center ? p[scale ? 1 : 0] : null, width));
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    @ParameterizedTest(name = "batchNorm training {0} center={1} scale={2}")
    @CsvSource({"'4,3', true, true", "'2,3,4', true, true", "'1,5,2', true, true", "'5,2', false, true",
        "'3,4', true, false", "'3,2,3', false, false"})
    void batchNormalizationTrainingUsesBatchStatistics(String dims, boolean center, boolean scale) {
        int[] d = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        int width = d[d.length - 1];
        double momentum = 0.8;
        Layer layer = Layers.batchNormalization().withCenter(center).withScale(scale).withMomentum(momentum)
                .create("bn");
        layer.build(Shape.of(d).dropFirst(), new SplittableRandom(1));
        List<Parameter> ps = layer.parameters();
        int trainable = (center ? 1 : 0) + (scale ? 1 : 0);
        assertEquals(trainable + 2, ps.size());
        LayerGradientCheck.randomize(layer, 10, 0.5, 1.0);
        double[] oldMean = toDouble(ps.get(trainable).data());
        double[] oldVar = toDouble(ps.get(trainable + 1).data());
        Tensor x = input(d, 6);
        LayerGradientCheck.check("batchNorm", layer, x, null, (xd, p) -> {
            double[][] mv = batchMoments(xd, width);
            return batchNorm(xd, mv[0], mv[1], scale ? p[0] : null, center ? p[scale ? 1 : 0] : null, width);
        });
        // The training call moved the moving statistics towards the batch's, once.
        double[][] mv = batchMoments(toDouble(x.buffer()), width);
        double[] expMean = new double[width];
        double[] expVar = new double[width];
        for (int i = 0; i < width; i++) {
            expMean[i] = oldMean[i] * momentum + mv[0][i] * (1 - momentum);
            expVar[i] = oldVar[i] * momentum + mv[1][i] * (1 - momentum);
        }
        assertClose("movingMean", expMean, ps.get(trainable).data(), 1e-5, 1e-6);
        assertClose("movingVariance", expVar, ps.get(trainable + 1).data(), 1e-5, 1e-6);
        // Inference uses the (updated) moving statistics.
        double[] g = scale ? toDouble(ps.get(0).data()) : null;
        double[] b = center ? toDouble(ps.get(scale ? 1 : 0).data()) : null;
        assertClose("inference", batchNorm(toDouble(x.buffer()), expMean, expVar, g, b, width),
                layer.call(x).buffer(), 1e-5, 1e-5);
    }

    /**
     * For each element of {@code x} (shape {@code dims}), the index of its group (the coordinates off {@code axes})
     * and of its position within the group (row-major over {@code axes} sorted): a reference independent of how
     * the layer moves axes.
     */
    private static int[][] groups(int[] dims, int[] axes) {
        java.util.Set<Integer> on = new java.util.TreeSet<>();
        for (int a : axes) {
            on.add(a < 0 ? a + dims.length : a);
        }
        int n = java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        int[][] out = new int[2][n];
        int[] idx = new int[dims.length];
        for (int k = 0; k < n; k++) {
            int g = 0;
            int w = 0;
            for (int a = 0; a < dims.length; a++) {
                if (on.contains(a)) {
                    w = w * dims[a] + idx[a];
                } else {
                    g = g * dims[a] + idx[a];
                }
            }
            out[0][k] = g;
            out[1][k] = w;
            for (int a = dims.length - 1; a >= 0 && ++idx[a] == dims[a]; a--) {
                idx[a] = 0;
            }
        }
        return out;
    }

    /** Normalises the values of each group of {@code groups} (layer norm) or of each position (batch norm). */
    private static double[] normalizeBy(double[] x, int[] key, int[] pos, double[] gamma, double[] beta, boolean rms) {
        int keys = java.util.Arrays.stream(key).max().orElse(0) + 1;
        double[] sum = new double[keys];
        double[] count = new double[keys];
        for (int k = 0; k < x.length; k++) {
            sum[key[k]] += x[k];
            count[key[k]]++;
        }
        double[] var = new double[keys];
        for (int k = 0; k < x.length; k++) {
            double c = x[k] - sum[key[k]] / count[key[k]];
            var[key[k]] += c * c / count[key[k]];
        }
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double inv = 1 / Math.sqrt(var[key[k]] + EPS);
            double h = rms ? x[k] * inv : (x[k] - sum[key[k]] / count[key[k]]) * inv;
            y[k] = (gamma == null ? h : gamma[pos[k]] * h) + (beta == null ? 0 : beta[pos[k]]);
        }
        return y;
    }

    @ParameterizedTest(name = "layerNorm {0} axes {1} rms={2}")
    @CsvSource({"'2,3,4', '1', false", "'2,3,4', '1;2', false", "'2,3,4,2', '1;3', false", "'2,3,4', '2;1', false",
        "'2,3,4', '-2;-1', false", "'3,5', '-1', true", "'2,3,4', '1', true"})
    void layerNormalizationOverOtherAxesMatchesTheReference(String dims, String axes, boolean rms) {
        int[] d = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] a = java.util.Arrays.stream(axes.split(";")).mapToInt(Integer::parseInt).toArray();
        Layer layer = Layers.layerNormalization().withAxes(java.util.Arrays.stream(a).boxed().toList())
                .withRmsScaling(rms).create("ln");
        layer.build(Shape.of(d).dropFirst(), new SplittableRandom(1));
        int[] sizes = java.util.Arrays.stream(a).map(v -> d[v < 0 ? v + d.length : v]).toArray();
        assertEquals(Shape.of(sizes), layer.parameters().get(0).value().shape(), "gamma has the axes' sizes, listed");
        assertEquals(rms ? 1 : 2, layer.parameters().size(), "RMS scaling has no beta");
        LayerGradientCheck.randomize(layer, 10, 0.5, 1.0);
        int[][] g = groups(d, a);
        Tensor x = input(d, 4);
        var pass = LayerGradientCheck.check("layerNorm", layer, x, null,
                (xd, p) -> normalizeBy(xd, g[0], g[1], p[0], rms ? null : p[1], rms));
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    @ParameterizedTest(name = "batchNorm {0} axis {1}")
    @CsvSource({"'4,3,2', 1", "'2,3,4,2', 2", "'2,3,4,2', -3"})
    void batchNormalizationOverAnotherAxisMatchesTheReference(String dims, int axis) {
        int[] d = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        Layer layer = Layers.batchNormalization().withAxis(axis).create("bn");
        layer.build(Shape.of(d).dropFirst(), new SplittableRandom(1));
        int width = d[axis < 0 ? axis + d.length : axis];
        assertEquals(Shape.of(width), layer.parameters().get(0).value().shape());
        LayerGradientCheck.randomize(layer, 10, 0.5, 1.0);
        int[][] g = groups(d, new int[] {axis});
        Tensor x = input(d, 6);
        // Training normalises each feature over every other axis: the feature is the group, its position 0 of 1.
        LayerGradientCheck.check("batchNorm", layer, x, null, (xd, p) -> {
            double[] y = normalizeBy(xd, g[1], new int[xd.length], null, null, false);
            for (int k = 0; k < y.length; k++) {
                y[k] = y[k] * p[0][g[1][k]] + p[1][g[1][k]];
            }
            return y;
        });
    }

    @Test
    void normalizationAxesAreCheckedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers.layerNormalization()
                .withAxes(List.of(3)).create("ln_b").build(Shape.of(4, 5), new SplittableRandom(1)));
        assertEquals("LayerNormalization 'ln_b': axis 3 is out of range for inputs of rank 3 [null, 4, 5] (axes count"
                + " the batch as 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Layers.batchNormalization().withAxis(1).create("bn_b")
                .build(Shape.of(Shape.UNKNOWN, 5), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("axis 1 of input [null, null, 5] must have a known size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.layerNormalization().withAxes(List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> Layers.batchNormalization().withAxis(0));
        Layer bn = Layers.batchNormalization().withAxis(1).create("bn_c");
        bn.build(Shape.of(3, 4), new SplittableRandom(1));
        IncompatibleShapeException s = assertThrows(IncompatibleShapeException.class,
                () -> bn.call(Tensor.zeros(Shape.of(2, 4, 4))));
        assertEquals("Layer 'bn_c' input 0: expected shape [null, 3, 4], found shape [2, 4, 4]", s.getMessage());
    }

    @Test
    void batchNormalizationWeightOrderAndDefaultsAreKeras() {
        BatchNormalizationConfig c = Layers.batchNormalization();
        assertEquals(0.99, c.momentum());
        assertEquals(1e-3, c.epsilon());
        Layer layer = c.create("bn");
        layer.build(Shape.of(3), new SplittableRandom(1));
        assertEquals(List.of("gamma", "beta", "movingMean", "movingVariance"),
                layer.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of(true, true, false, false),
                layer.parameters().stream().map(Parameter::trainable).toList());
        assertClose("gamma", new float[] {1, 1, 1}, layer.parameters().get(0).data(), 0, 0);
        assertClose("movingVariance", new float[] {1, 1, 1}, layer.parameters().get(3).data(), 0, 0);
        assertEquals(1e-3, Layers.layerNormalization().epsilon());
    }

    @Test
    void errorsNameTheLayerAndBothShapes() {
        Layer bn = Layers.batchNormalization().create("bn_a");
        bn.build(Shape.of(5, 3), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> bn.call(Tensor.zeros(Shape.of(2, 5, 4))));
        assertEquals("Layer 'bn_a' input 0: expected shape [null, 5, 3], found shape [2, 5, 4]", e.getMessage());
        e = assertThrows(IncompatibleShapeException.class,
                () -> Layers.layerNormalization().create("ln_a").build(Shape.of(4, Shape.UNKNOWN), new SplittableRandom(1)));
        assertEquals("Layer 'ln_a' input 0: expected shape [null, null] (LayerNormalization needs a known last "
                + "dimension), found shape [null, 4, null]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.batchNormalization().withMomentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> Layers.layerNormalization().withEpsilon(0));
    }

    /** LayerNormalization: the layer contract. */
    @Nested
    class LayerNormalizationContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.layerNormalization().inputShape(3, 4), Shape.of(3, 4), weight("gamma", 4),
                    weight("beta", 4));
        }
    }

    /** LayerNormalization over two axes: the layer contract (weights of the axes' sizes). */
    @Nested
    class LayerNormalizationAxesContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.layerNormalization().withAxes(List.of(1, 2)).inputShape(3, 4), Shape.of(3, 4),
                    weight("gamma", 3, 4), weight("beta", 3, 4));
        }
    }

    /** BatchNormalization over the first (channels-first) axis: the layer contract. */
    @Nested
    class BatchNormalizationChannelsFirstContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.batchNormalization().withAxis(1).inputShape(3, 4), Shape.of(3, 4), weight("gamma", 3),
                    weight("beta", 3), weight("movingMean", 3), weight("movingVariance", 3));
        }
    }

    /** BatchNormalization: the layer contract (moving statistics are non-trainable weights). */
    @Nested
    class BatchNormalizationContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.batchNormalization().inputShape(3, 4), Shape.of(3, 4), weight("gamma", 4),
                    weight("beta", 4), weight("movingMean", 4), weight("movingVariance", 4));
        }
    }
}
