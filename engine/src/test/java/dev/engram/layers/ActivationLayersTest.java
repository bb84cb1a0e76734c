package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerGradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The advanced activation layers (ReLU with maxValue/negativeSlope/threshold, LeakyReLU, ELU,
 * ThresholdedReLU, Softmax on an axis, PReLU with shared axes): forward and gradients against double
 * references, the mask behaviour of each origin, and the Keras validation messages.
 */
class ActivationLayersTest {

    private static Layer built(LayerConfig config, int... sample) {
        Layer layer = config.create("act");
        layer.build(Shape.of(sample), new SplittableRandom(3));
        return layer;
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.wrap(Shape.of(shape), randomFloats(Shape.of(shape).size(), seed, 3.0));
    }

    private static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    /** Keras's relu(x, negative_slope, max_value, threshold), as its source computes it. */
    static double kerasRelu(double x, double slope, Double max, double threshold) {
        double pos = x > threshold ? x : 0;
        if (max != null) {
            pos = Math.min(Math.max(pos, 0), max);
        }
        return pos - slope * Math.max(threshold - x, 0);
    }

    @ParameterizedTest(name = "max={0} slope={1} threshold={2}")
    @CsvSource({", 0, 0", "1.5, 0, 0", ", 0.2, 0", "2.0, 0.1, 0.5", ", 0, 1.0"})
    void reluMatchesKerasDefinition(Double max, double slope, double threshold) {
        ReluLayerConfig cfg = Layers.relu().withNegativeSlope(slope).withThreshold(threshold);
        if (max != null) {
            cfg = cfg.withMaxValue(max);
        }
        Layer layer = built(cfg, 4, 3);
        LayerGradientCheck.check("relu", layer, input(1, 2, 4, 3), null,
                (x, p) -> map(x, v -> kerasRelu(v, slope, max, threshold)));
        assertEquals("ReLU", layer.typeName());
        assertTrue(layer.supportsMasking(), "ReLU passes masks in TF.js and Keras");
    }

    @Test
    void leakyEluAndThresholdedMatchTheirDefinitions() {
        LayerGradientCheck.check("leaky", built(Layers.leakyRelu(), 5), input(2, 3, 5), null,
                (x, p) -> map(x, v -> v > 0 ? v : 0.3 * v));
        LayerGradientCheck.check("leaky 0.1", built(Layers.leakyRelu().withAlpha(0.1), 5), input(3, 3, 5), null,
                (x, p) -> map(x, v -> v > 0 ? v : 0.1 * v));
        LayerGradientCheck.check("elu", built(Layers.elu().withAlpha(0.7), 2, 3), input(4, 2, 2, 3), null,
                (x, p) -> map(x, v -> v > 0 ? v : 0.7 * Math.expm1(v)));
        LayerGradientCheck.check("thresholded", built(Layers.thresholdedRelu().withTheta(0.5), 6), input(5, 2, 6),
                null, (x, p) -> map(x, v -> v > 0.5 ? v : 0));
        assertThrows(IllegalArgumentException.class, () -> Layers.leakyRelu().withAlpha(-1));
        assertThrows(IllegalArgumentException.class, () -> Layers.relu().withMaxValue(-1));
        assertThrows(IllegalArgumentException.class, () -> Layers.thresholdedRelu().withTheta(-0.5));
    }

    /** TF.js drops the mask at LeakyReLU/ELU/ThresholdedReLU/Softmax; Keras passes it on. */
    @Test
    void maskBehaviourFollowsTheOrigin() {
        Tensor x = input(6, 1, 3, 2);
        Tensor mask = Tensor.wrap(Shape.of(1, 3), new float[] {1, 1, 0});
        for (LayerConfig tfjs : List.<LayerConfig>of(Layers.leakyRelu(), Layers.elu(), Layers.thresholdedRelu(),
                Layers.softmax(-1))) {
            assertNull(built(tfjs, 3, 2).computeMask(List.of(x), mask), tfjs.toString());
        }
        for (LayerConfig keras : List.<LayerConfig>of(Layers.leakyRelu().withPassesMask(true),
                Layers.elu().withPassesMask(true), Layers.thresholdedRelu().withPassesMask(true),
                Layers.softmax(-1).withPassesMask(true), Layers.prelu(), Layers.relu())) {
            assertSame(mask, built(keras, 3, 2).computeMask(List.of(x), mask), keras.toString());
        }
    }

    @ParameterizedTest(name = "softmax axis {0}")
    @CsvSource({"-1", "1", "2", "-2"})
    void softmaxNormalisesTheGivenAxis(int axis) {
        int b = 2;
        int t = 3;
        int f = 4;
        Layer layer = built(Layers.softmax(axis), t, f);
        int ax = axis < 0 ? 3 + axis : axis;
        LayerGradientCheck.check("softmax", layer, input(7, b, t, f), null, (x, p) -> {
            double[] y = new double[x.length];
            int[] dims = {b, t, f};
            int n = dims[ax];
            int inner = ax == 2 ? 1 : f;
            int outer = x.length / (n * inner);
            for (int o = 0; o < outer; o++) {
                for (int c = 0; c < inner; c++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += Math.exp(x[(o * n + j) * inner + c]);
                    }
                    for (int j = 0; j < n; j++) {
                        y[(o * n + j) * inner + c] = Math.exp(x[(o * n + j) * inner + c]) / sum;
                    }
                }
            }
            return y;
        });
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> built(Layers.softmax(3), t, f));
        assertTrue(e.getMessage().contains("Softmax axis 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.softmax(0));
    }

    @ParameterizedTest(name = "prelu shared {0}")
    @CsvSource({"''", "1", "2", "'1 2'"})
    void preluLearnsSlopesPerUnsharedPosition(String shared) {
        int[] axes = shared.isBlank() ? new int[0]
                : java.util.Arrays.stream(shared.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        int b = 2;
        int t = 3;
        int f = 4;
        Layer layer = built(Layers.prelu().withSharedAxes(axes), t, f);
        int at = axes.length == 0 ? t : java.util.Arrays.stream(axes).anyMatch(a -> a == 1) ? 1 : t;
        int af = java.util.Arrays.stream(axes).anyMatch(a -> a == 2) ? 1 : f;
        assertEquals(Shape.of(at, af), layer.parameters().get(0).shape());
        LayerGradientCheck.randomize(layer, 17, 0.5, 0.1);
        LayerGradientCheck.check("prelu", layer, input(8, b, t, f), null, (x, p) -> {
            double[] y = new double[x.length];
            for (int n = 0; n < b; n++) {
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < f; j++) {
                        int k = (n * t + i) * f + j;
                        double a = p[0][(at == 1 ? 0 : i) * af + (af == 1 ? 0 : j)];
                        y[k] = x[k] > 0 ? x[k] : a * x[k];
                    }
                }
            }
            return y;
        });
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.prelu().withSharedAxes(3), t, f));
    }
}
