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
 * ({@code x * rsqrt(mean(x^2, axes) + epsilon) * scale}, the scale broadcast against the trailing axes), over the
 * last axis, the last two, a middle axis whose scale broadcasts (equal sizes, or size 1) and two middle axes, with
 * finite-difference gradients of the input and the scale; axes whose scale Keras cannot broadcast are refused.
 */
class RmsNormalizationTest {

    /**
     * Keras's {@code (x * rsqrt(mean(x^2, axes, keepdims) + eps)) * scale} over the full shape, the scale (the axes'
     * sizes in order) broadcast against the trailing axes.
     */
    static double[] reference(double[] x, int[] shape, int[] axes, double eps, double[] scale) {
        int rank = shape.length;
        boolean[] reduced = new boolean[rank];
        int[] sd = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + rank : axes[i];
            reduced[a] = true;
            sd[i] = shape[a];
        }
        double[] y = new double[x.length];
        for (int e = 0; e < x.length; e++) {
            int[] idx = unravel(e, shape);
            double sq = 0;
            int count = 0;
            for (int f = 0; f < x.length; f++) {
                int[] other = unravel(f, shape);
                boolean same = true;
                for (int d = 0; d < rank && same; d++) {
                    same = reduced[d] || other[d] == idx[d];
                }
                if (same) {
                    sq += x[f] * x[f];
                    count++;
                }
            }
            int si = 0;
            for (int i = 0; i < sd.length; i++) {
                si = si * sd[i] + (sd[i] == 1 ? 0 : idx[rank - sd.length + i]);
            }
            y[e] = x[e] / Math.sqrt(sq / count + eps) * scale[si];
        }
        return y;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    @ParameterizedTest(name = "shape {0} axes {1}")
    @CsvSource({"'2,5,6', '-1'", "'2,3,4', '-2,-1'", "'3,4', '1'", "'1,3,2,4', '2,3'", "'2,3,3', '1'",
        "'2,3,1,5', '2'", "'2,4,3', '1,2'"})
    void matchesKerasAndItsGradients(String shapeText, String axesText) {
        int[] shape = java.util.Arrays.stream(shapeText.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] axes = java.util.Arrays.stream(axesText.split(",")).mapToInt(Integer::parseInt).toArray();
        Layer layer = Layers.rmsNormalization().withAxes(axes).withEpsilon(1e-2).create("rms");
        Shape s = Shape.of(shape);
        layer.build(s.dropFirst(), new SplittableRandom(1));
        Tensor x = Tensor.wrap(s, Numeric.randomFloats(s.size(), 3, 1.5));
        LayerGradientCheck.check("rms", layer, x, null, Options.RANDOM_PARAMETERS,
                in -> List.of(reference(in[0], shape, axes, 1e-2, in[1])));
    }

    @Test
    void axesWhoseScaleKerasCannotBroadcastAreRefused() {
        for (int[] axes : new int[][] {{1}, {-1, -2}}) {
            Layer layer = Layers.rmsNormalization().withAxes(axes).create("rms");
            IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                    () -> layer.build(Shape.of(4, 3), new SplittableRandom(1)));
            assertTrue(e.getMessage().contains("do not broadcast, so Keras cannot run this layer either"),
                    e.getMessage());
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
