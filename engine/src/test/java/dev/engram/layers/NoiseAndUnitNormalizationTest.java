package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerGradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout (identity at inference; training
 * statistics and the gradient of the drawn affine map) and UnitNormalization (gradient check over
 * one and several axes, the floor of each Keras generation).
 */
class NoiseAndUnitNormalizationTest {

    private static Layer built(LayerConfig config, int... sample) {
        Layer layer = config.create("noise");
        layer.build(Shape.of(sample), new SplittableRandom(3));
        return layer;
    }

    @Test
    void noiseLayersAreTheIdentityAtInferenceAndPassMasks() {
        Tensor x = Tensor.wrap(Shape.of(2, 3, 4), randomFloats(24, 1, 1));
        Tensor mask = Tensor.filled(Shape.of(2, 3), 1);
        for (LayerConfig c : List.<LayerConfig>of(Layers.spatialDropout1d(0.5), Layers.gaussianNoise(0.3),
                Layers.gaussianDropout(0.4), Layers.alphaDropout(0.2))) {
            Layer l = built(c, 3, 4);
            assertSame(x, l.call(x), c.toString());
            assertSame(mask, l.computeMask(List.of(x), mask), c.toString());
        }
    }

    /** Mean and variance of the training output over many draws, for a constant or standard-normal input. */
    private static double[] stats(Layer layer, Tensor x, long seed) {
        ForwardPass pass = layer.forward(List.of(x), null, new TrainingContext(new SplittableRandom(seed)));
        float[] y = pass.output().buffer();
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= y.length;
        double var = 0;
        for (float v : y) {
            var += (v - mean) * (v - mean);
        }
        // The backward pass applies the same drawn factor: check dy = 1 gives y / x for GaussianDropout
        // and the kept pattern for the others, through dx = a * dy.
        Tensor dx = pass.backward(Tensor.filled(pass.output().shape(), 1));
        return new double[] {mean, var / y.length, dx.buffer()[0], y[0], x.buffer()[0]};
    }

    @Test
    void trainingStatisticsMatchTheDefinitions() {
        int n = 200_000;
        Tensor ones = Tensor.filled(Shape.of(1, n, 1), 1);
        double[] g = stats(built(Layers.gaussianNoise(0.5), n, 1), ones, 1);
        assertEquals(1, g[0], 0.01);
        assertEquals(0.25, g[1], 0.01);
        assertEquals(1, g[2], 0, "GaussianNoise: dx = dy");
        double[] gd = stats(built(Layers.gaussianDropout(0.2), n, 1), ones, 2);
        assertEquals(1, gd[0], 0.01);
        assertEquals(0.2 / 0.8, gd[1], 0.01);
        assertEquals(gd[3], gd[2], 1e-6, "GaussianDropout: dx = noise * dy = y / x for x = 1");
        float[] normal = new float[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            normal[i] = (float) r.nextGaussian();
        }
        double[] ad = stats(built(Layers.alphaDropout(0.3), n, 1), Tensor.wrap(Shape.of(1, n, 1), normal), 3);
        assertEquals(0, ad[0], 0.01, "AlphaDropout keeps a zero mean");
        assertEquals(1, ad[1], 0.02, "AlphaDropout keeps a unit variance");
    }

    @Test
    void spatialDropoutDropsWholeChannels() {
        int b = 50;
        int t = 6;
        int c = 8;
        Layer layer = built(Layers.spatialDropout1d(0.5).withSeed(9), t, c);
        Tensor x = Tensor.wrap(Shape.of(b, t, c), randomFloats(b * t * c, 2, 1));
        ForwardPass pass = layer.forward(List.of(x), null, new TrainingContext(new SplittableRandom(1)));
        float[] y = pass.output().buffer();
        float[] dx = pass.backward(Tensor.filled(x.shape(), 1)).buffer();
        int dropped = 0;
        for (int n = 0; n < b; n++) {
            for (int k = 0; k < c; k++) {
                float factor = dx[(n * t) * c + k];
                assertTrue(factor == 0 || factor == 2f, "factor " + factor);
                dropped += factor == 0 ? 1 : 0;
                for (int s = 0; s < t; s++) {
                    int i = (n * t + s) * c + k;
                    assertEquals(factor, dx[i], 0, "one factor per sample and channel");
                    assertEquals(x.buffer()[i] * factor, y[i], 1e-6);
                }
            }
        }
        assertTrue(dropped > b * c / 4 && dropped < b * c * 3 / 4, "about half dropped: " + dropped);
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.spatialDropout1d(0.5), 4));
    }

    @ParameterizedTest(name = "unit norm axes {0}")
    @CsvSource({"'-1'", "'1'", "'1 2'", "'-2 -1'"})
    void unitNormalizationMatchesTheDefinition(String axesText) {
        int[] axes = java.util.Arrays.stream(axesText.split(" ")).mapToInt(Integer::parseInt).toArray();
        int b = 2;
        int t = 3;
        int f = 4;
        Layer layer = built(Layers.unitNormalization().withAxes(axes), t, f);
        boolean[] reduced = new boolean[3];
        for (int a : axes) {
            reduced[a < 0 ? 3 + a : a] = true;
        }
        Tensor x = Tensor.wrap(Shape.of(b, t, f), randomFloats(b * t * f, 4, 2));
        LayerGradientCheck.check("unit", layer, x, null, (xd, p) -> {
            double[] y = new double[xd.length];
            for (int i = 0; i < xd.length; i++) {
                int[] idx = {i / (t * f), i / f % t, i % f};
                double sq = 0;
                for (int j = 0; j < xd.length; j++) {
                    int[] jdx = {j / (t * f), j / f % t, j % f};
                    boolean same = true;
                    for (int d = 0; d < 3; d++) {
                        same &= reduced[d] || idx[d] == jdx[d];
                    }
                    sq += same ? xd[j] * xd[j] : 0;
                }
                y[i] = xd[i] / Math.max(Math.sqrt(sq), 1e-12);
            }
            return y;
        });
    }

    @Test
    void unitNormalizationFloorsTinyNormsPerGeneration() {
        Tensor tiny = Tensor.wrap(Shape.of(1, 2), new float[] {3e-8f, 4e-8f});
        Layer keras3 = built(Layers.unitNormalization(), 2);
        Layer tfKeras = built(Layers.unitNormalization().withNormFloor(UnitNormalizationConfig.TF_KERAS_NORM_FLOOR), 2);
        assertEquals(0.6f, keras3.call(tiny).buffer()[0], 1e-6);
        assertEquals(0.03f, tfKeras.call(tiny).buffer()[0], 1e-6);
        LayerGradientCheck.check("floored", tfKeras, tiny, null, (x, p) -> new double[] {x[0] / 1e-6, x[1] / 1e-6});
        assertThrows(IllegalArgumentException.class, () -> Layers.unitNormalization().withAxes(0));
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.unitNormalization().withAxes(3), 2, 2));
    }
}
