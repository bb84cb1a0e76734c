package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.data.Datasets;
import dev.engram.data.Sample;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The preprocessing {@code Normalization}: outputs and input gradients against a double reference
 * for given statistics (per feature, one for everything, two kept axes, inverted); {@code adapt}
 * over a tensor against the two-pass mean and population variance, and over a dataset of batches
 * equal to adapting on all of it; weights in Keras's order; errors.
 */
class PreprocessingNormalizationTest {

    private static Layer built(LayerConfig<?> c, int... sample) {
        Layer l = c.create("norm");
        l.build(Shape.of(sample), new SplittableRandom(1));
        return l;
    }

    private static Tensor data(long seed, int... shape) {
        float[] v = Numeric.randomFloats(Shape.of(shape).size(), seed, 1.0);
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * (1 + i % 3) + 2 * (i % 4); // features with different means and spreads
        }
        return Tensor.wrap(Shape.of(shape), v);
    }

    @Test
    void givenStatisticsNormaliseAndInvert() {
        float[] mean = {0.5f, -1f, 2f};
        float[] var = {4f, 0.25f, 0.01f};
        for (boolean invert : new boolean[] {false, true}) {
            Layer layer = built(Layers.normalization().withMeanAndVariance(mean, var).withInvert(invert), 4, 3);
            assertEquals(List.of(), layer.parameters());
            LayerGradientCheck.check("normalization invert=" + invert, layer, data(3, 2, 4, 3), null, (x, p) -> {
                double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    double sd = Math.max(Math.sqrt(var[i % 3]), 1e-7);
                    y[i] = invert ? mean[i % 3] + x[i] * sd : (x[i] - mean[i % 3]) / sd;
                }
                return y;
            });
        }
    }

    @Test
    void aZeroVarianceDividesByTheEpsilonFloor() {
        Layer layer = built(Layers.normalization().withMeanAndVariance(new float[] {1}, new float[] {0}), 2);
        assertArrayEquals(new float[] {0f, 1f / 1e-7f}, layer.call(Tensor.of(new float[][] {{1, 2}})).toArray());
    }

    @Test
    void oneStatisticForEverythingAndTwoKeptAxes() {
        Layer all = built(Layers.normalization().withAxes().withMeanAndVariance(new float[] {1}, new float[] {9}), 2, 3);
        Tensor x = data(4, 1, 2, 3);
        float[] y = all.call(x).toArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals((x.buffer()[i] - 1) / 3f, y[i], 1e-6f);
        }
        float[] m = {1, 2, 3, 4, 5, 6};
        float[] v = {1, 4, 9, 16, 25, 36};
        Layer two = built(Layers.normalization().withAxes(1, 3).withMeanAndVariance(m, v), 2, 5, 3);
        Tensor x3 = data(5, 2, 2, 5, 3);
        float[] y3 = two.call(x3).toArray();
        for (int i = 0; i < y3.length; i++) {
            int s = ((i / 15) % 2) * 3 + i % 3; // kept axes 1 (size 2) and 3 (size 3)
            assertEquals((x3.buffer()[i] - m[s]) / (float) Math.sqrt(v[s]), y3[i], 1e-5f);
        }
    }

    @Test
    void adaptComputesMeanAndPopulationVarianceAndCount() {
        Layer layer = built(Layers.normalization(), 5, 3);
        assertEquals(List.of("mean", "variance", "count"), layer.parameters().stream().map(Parameter::name).toList());
        assertTrue(layer.parameters().stream().noneMatch(Parameter::trainable));
        Tensor x = data(6, 4, 5, 3);
        ((Normalization) layer).adapt(x);
        double[] mean = new double[3];
        double[] var = new double[3];
        float[] d = x.buffer();
        for (int i = 0; i < d.length; i++) {
            mean[i % 3] += d[i] / 20.0;
        }
        for (int i = 0; i < d.length; i++) {
            var[i % 3] += (d[i] - mean[i % 3]) * (d[i] - mean[i % 3]) / 20.0;
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(mean[c], layer.parameters().get(0).data()[c], 1e-5);
            assertEquals(var[c], layer.parameters().get(1).data()[c], 1e-5);
        }
        assertEquals(20f, layer.parameters().get(2).data()[0]);
        float[] y = layer.call(x).toArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals((d[i] - mean[i % 3]) / Math.sqrt(var[i % 3]), y[i], 1e-5);
        }
    }

    @Test
    void adaptOverADatasetEqualsAdaptOverAllOfIt() {
        Tensor all = data(7, 10, 4);
        Normalization whole = (Normalization) built(Layers.normalization(), 4);
        whole.adapt(all);
        List<Sample> batches = new ArrayList<>();
        int[] sizes = {3, 1, 4, 2};
        int at = 0;
        for (int n : sizes) {
            float[] v = java.util.Arrays.copyOfRange(all.buffer(), at * 4, (at + n) * 4);
            batches.add(Sample.of(Tensor.wrap(Shape.of(n, 4), v)));
            at += n;
        }
        Normalization streamed = (Normalization) built(Layers.normalization(), 4);
        streamed.adapt(Datasets.fromIterable(batches));
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(whole.parameters().get(k).data(), streamed.parameters().get(k).data(), 1e-5f);
        }
    }

    @Test
    void adaptNeedsWeightsAndFittingData() {
        Normalization given = (Normalization) built(Layers.normalization().withMeanAndVariance(new float[] {0},
                new float[] {1}), 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> given.adapt(data(1, 2, 3)));
        assertTrue(e.getMessage().startsWith("layer 'norm' (Normalization): adapt needs a built layer"), e.getMessage());
        Normalization n = (Normalization) built(Layers.normalization(), 3);
        assertThrows(IncompatibleShapeException.class, () -> n.adapt(data(1, 2, 4)));
        assertThrows(IllegalStateException.class, () -> n.adapt(Datasets.fromIterable(List.<Sample>of())));
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.normalization().withAxes(0), 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.normalization().withMeanAndVariance(new float[] {1},
                new float[] {-1}));
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.normalization()
                .withMeanAndVariance(new float[] {1, 2}, new float[] {1, 1}), 3));
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.normalization().inputShape(2, 3), Shape.of(2, 3), weight("mean", 3),
                    weight("variance", 3), weight("count"));
        }
    }
}
