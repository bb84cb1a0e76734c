package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.Numeric;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GroupNormalization against a double reference written from Keras's {@code GroupNormalization} (per
 * sample and group: mean and population variance over the group's channels and every other position),
 * for channels last and channels on an inner axis, with and without gamma/beta, one group per channel,
 * with finite-difference gradients of the input, gamma and beta.
 */
class GroupNormalizationTest {

    /** Keras's computation; {@code shape} includes the batch, {@code axis} is the channel axis (positive). */
    static double[] reference(double[] x, int[] shape, int axis, int groups, double eps, double[] gamma, double[] beta) {
        int channels = shape[axis];
        int outer = 1;
        int inner = 1;
        for (int d = 1; d < shape.length; d++) {
            if (d < axis) {
                outer *= shape[d];
            } else if (d > axis) {
                inner *= shape[d];
            }
        }
        int per = channels / groups;
        double[] y = new double[x.length];
        for (int b = 0; b < shape[0]; b++) {
            for (int g = 0; g < groups; g++) {
                double s = 0;
                double n = 0;
                for (int o = 0; o < outer; o++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        for (int i = 0; i < inner; i++) {
                            s += x[((b * outer + o) * channels + c) * inner + i];
                            n++;
                        }
                    }
                }
                double mean = s / n;
                double v = 0;
                for (int o = 0; o < outer; o++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        for (int i = 0; i < inner; i++) {
                            double dev = x[((b * outer + o) * channels + c) * inner + i] - mean;
                            v += dev * dev;
                        }
                    }
                }
                double inv = 1 / Math.sqrt(v / n + eps);
                for (int o = 0; o < outer; o++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        for (int i = 0; i < inner; i++) {
                            int k = ((b * outer + o) * channels + c) * inner + i;
                            y[k] = (x[k] - mean) * inv * (gamma == null ? 1 : gamma[c]) + (beta == null ? 0 : beta[c]);
                        }
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "shape {0} axis {1} groups {2} center {3} scale {4}")
    @CsvSource({"'2,5,6', -1, 3, true, true", "'2,6,4', 1, 2, true, false", "'2,3,4', -1, -1, false, true",
        "'1,3,4,6', -1, 2, true, true", "'2,4', -1, 1, true, true"})
    void matchesKerasAndItsGradients(String shapeText, int axis, int groups, boolean center, boolean scale) {
        int[] shape = java.util.Arrays.stream(shapeText.split(",")).mapToInt(Integer::parseInt).toArray();
        GroupNormalizationConfig config = Layers.groupNormalization(groups).withAxis(axis).withCenter(center)
                .withScale(scale).withEpsilon(1e-2);
        Layer layer = config.create("gn");
        Shape s = Shape.of(shape);
        layer.build(s.dropFirst(), new SplittableRandom(1));
        Tensor x = Tensor.wrap(s, Numeric.randomFloats(s.size(), 3, 1.5));
        int a = axis < 0 ? axis + shape.length : axis;
        int g = groups == -1 ? shape[a] : groups;
        LayerGradientCheck.check("gn", layer, x, null, Options.RANDOM_PARAMETERS, in -> {
            double[] gamma = scale ? in[1] : null;
            double[] beta = center ? in[scale ? 2 : 1] : null;
            return List.of(reference(in[0], shape, a, g, 1e-2, gamma, beta));
        });
    }

    @Test
    void groupsMustDivideTheChannels() {
        Layer layer = Layers.groupNormalization(4).create("gn_x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.build(Shape.of(3, 6), new SplittableRandom(1)));
        assertEquals("Layer 'gn_x' (GroupNormalization): 4 groups do not divide the 6 channels of axis -1 of input"
                + " [null, 3, 6]", e.getMessage());
    }

    /** Two groups over 4 channels of [5, 4]: gamma and beta per channel. */
    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.groupNormalization(2).inputShape(5, 4), Shape.of(5, 4), weight("gamma", 4),
                    weight("beta", 4));
        }
    }
}
