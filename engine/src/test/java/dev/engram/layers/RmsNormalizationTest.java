package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * RMSNormalization against Keras 3.10's {@code ops.rms_normalization} written in double
 * ({@code x * rsqrt(mean(x^2, axes) + epsilon) * scale}), over the last axis and the last two, with
 * finite-difference gradients of the input and the scale; axes Keras cannot scale consistently are refused.
 */
class RmsNormalizationTest {

    static double[] reference(double[] x, int width, double eps, double[] scale) {
        double[] y = new double[x.length];
        for (int o = 0; o < x.length; o += width) {
            double sq = 0;
            for (int i = 0; i < width; i++) {
                sq += x[o + i] * x[o + i];
            }
            double r = 1 / Math.sqrt(sq / width + eps);
            for (int i = 0; i < width; i++) {
                y[o + i] = x[o + i] * r * scale[i];
            }
        }
        return y;
    }

    @ParameterizedTest(name = "shape {0} axes {1}")
    @CsvSource({"'2,5,6', '-1', 6", "'2,3,4', '-2,-1', 12", "'3,4', '1', 4", "'1,3,2,4', '2,3', 8"})
    void matchesKerasAndItsGradients(String shapeText, String axesText, int width) {
        int[] shape = java.util.Arrays.stream(shapeText.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] axes = java.util.Arrays.stream(axesText.split(",")).mapToInt(Integer::parseInt).toArray();
        Layer layer = Layers.rmsNormalization().withAxes(axes).withEpsilon(1e-2).create("rms");
        Shape s = Shape.of(shape);
        layer.build(s.dropFirst(), new SplittableRandom(1));
        Tensor x = Tensor.wrap(s, Numeric.randomFloats(s.size(), 3, 1.5));
        LayerGradientCheck.check("rms", layer, x, null, Options.RANDOM_PARAMETERS,
                in -> List.of(reference(in[0], width, 1e-2, in[1])));
    }

    @Test
    void axesOtherThanTheTrailingOnesAreRefused() {
        for (int[] axes : new int[][] {{1}, {-1, -2}}) {
            Layer layer = Layers.rmsNormalization().withAxes(axes).create("rms");
            IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                    () -> layer.build(Shape.of(4, 3), new SplittableRandom(1)));
            assertTrue(e.getMessage().contains("must be the trailing axes in order"), e.getMessage());
        }
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> Layers.rmsNormalization().withAxes(0));
        assertTrue(b.getMessage().contains("batch axis"), b.getMessage());
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.rmsNormalization().inputShape(5, 4), Shape.of(5, 4), weight("scale", 4));
        }
    }
}
