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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pooling1D, Cropping1D, ZeroPadding1D, UpSampling1D, Permute and Identity: forward and input
 * gradients against double references written from the peers' definitions (index loops, not the
 * layers' own gathering), both data formats, batch 1, masks, and shape errors.
 */
class StepLayersTest {

    private static Layer built(LayerConfig config, int... sample) {
        Layer layer = config.create("l");
        layer.build(Shape.of(sample), new SplittableRandom(3));
        return layer;
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.wrap(Shape.of(shape), randomFloats(Shape.of(shape).size(), seed, 2.0));
    }

    /** x[b, t, c] of a [B, T, C] (channels-last) or [B, C, T] (channels-first) buffer. */
    private static double at(double[] x, boolean cf, int b, int t, int c, int steps, int channels) {
        return cf ? x[(b * channels + c) * steps + t] : x[(b * steps + t) * channels + c];
    }

    private static void put(double[] y, boolean cf, int b, int t, int c, int steps, int channels, double v) {
        y[cf ? (b * channels + c) * steps + t : (b * steps + t) * channels + c] = v;
    }

    /** TensorFlow pooling semantics straight from the definition: window [t*s - padLeft, +k) clipped. */
    static double[] poolReference(double[] x, boolean max, int batch, int steps, int channels, int k, int s,
            boolean same, boolean cf) {
        int out = same ? (steps + s - 1) / s : (steps - k) / s + 1;
        int padLeft = same ? Math.max((out - 1) * s + k - steps, 0) / 2 : 0;
        double[] y = new double[batch * out * channels];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                for (int c = 0; c < channels; c++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int n = 0;
                    for (int j = t * s - padLeft; j < t * s - padLeft + k; j++) {
                        if (j >= 0 && j < steps) {
                            double v = at(x, cf, b, j, c, steps, channels);
                            acc = max ? Math.max(acc, v) : acc + v;
                            n++;
                        }
                    }
                    put(y, cf, b, t, c, out, channels, max ? acc : acc / n);
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} B{1} T{2} C{3} k{4} s{5} same={6} cf={7}")
    @CsvSource({
        "MAX, 2, 7, 3, 2, 2, false, false", "AVERAGE, 2, 7, 3, 2, 2, false, false",
        "MAX, 1, 7, 2, 3, 2, true, false", "AVERAGE, 1, 7, 2, 3, 2, true, false",
        "MAX, 2, 8, 3, 4, 3, true, true", "AVERAGE, 2, 8, 3, 4, 3, true, true",
        "AVERAGE, 3, 5, 2, 2, 1, false, true", "MAX, 1, 5, 1, 5, 1, false, false",
        "AVERAGE, 2, 6, 2, 3, 1, true, false"})
    void poolingMatchesTheDefinition(PoolingMode mode, int batch, int steps, int channels, int k, int s,
            boolean same, boolean cf) {
        Pooling1DConfig cfg = Pooling1DConfig.of(mode, k).withStrides(s).withPadding(same ? Padding.SAME
                : Padding.VALID).withDataFormat(cf ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST);
        Layer layer = built(cfg, cf ? new int[] {channels, steps} : new int[] {steps, channels});
        Tensor x = input(11, cf ? new int[] {batch, channels, steps} : new int[] {batch, steps, channels});
        LayerGradientCheck.check(layer.typeName(), layer, x, null,
                (xd, p) -> poolReference(xd, mode == PoolingMode.MAX, batch, steps, channels, k, s, same, cf));
        int out = same ? (steps + s - 1) / s : (steps - k) / s + 1;
        assertEquals(cf ? Shape.of(channels, out) : Shape.of(out, channels), layer.outputShape());
    }

    @Test
    void poolingWithUnknownStepsTakesAnyLengthAndDropsAMask() {
        Layer layer = built(Layers.maxPooling1d(2), Shape.UNKNOWN, 2);
        assertEquals(Shape.of(Shape.UNKNOWN, 2), layer.outputShape());
        Tensor x = Tensor.wrap(Shape.of(1, 5, 2), new float[] {1, -1, 3, 0, -2, 4, 5, 5, 0, 9});
        assertEquals(Tensor.wrap(Shape.of(1, 2, 2), new float[] {3, 0, 5, 5}), layer.call(x));
        assertNull(layer.computeMask(List.of(x), Tensor.filled(Shape.of(1, 5), 1)));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(1, 1, 2))));
        assertTrue(e.getMessage().contains("needs at least 2 steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.maxPooling1d(2).withPadding(Padding.CAUSAL));
    }

    @ParameterizedTest(name = "crop {0},{1}")
    @CsvSource({"1, 1", "0, 2", "3, 0"})
    void croppingKeepsTheMiddle(int left, int right) {
        int batch = 2;
        int steps = 6;
        int ch = 3;
        Layer layer = built(Layers.cropping1d(left, right), steps, ch);
        int out = steps - left - right;
        LayerGradientCheck.check("crop", layer, input(5, batch, steps, ch), null, (x, p) -> {
            double[] y = new double[batch * out * ch];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < out; t++) {
                    for (int c = 0; c < ch; c++) {
                        y[(b * out + t) * ch + c] = x[(b * steps + t + left) * ch + c];
                    }
                }
            }
            return y;
        });
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.cropping1d(3, 3), 6, 2));
    }

    @ParameterizedTest(name = "pad {0},{1} cf={2}")
    @CsvSource({"1, 1, false", "0, 3, false", "2, 1, true"})
    void zeroPaddingAddsZeroSteps(int left, int right, boolean cf) {
        int batch = 2;
        int steps = 3;
        int ch = 2;
        ZeroPadding1DConfig cfg = Layers.zeroPadding1d(left, right).withDataFormat(cf ? DataFormat.CHANNELS_FIRST
                : DataFormat.CHANNELS_LAST);
        Layer layer = built(cfg, cf ? new int[] {ch, steps} : new int[] {steps, ch});
        int out = steps + left + right;
        Tensor x = input(7, cf ? new int[] {batch, ch, steps} : new int[] {batch, steps, ch});
        LayerGradientCheck.check("pad", layer, x, null, (xd, p) -> {
            double[] y = new double[batch * out * ch];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    for (int c = 0; c < ch; c++) {
                        put(y, cf, b, t + left, c, out, ch, at(xd, cf, b, t, c, steps, ch));
                    }
                }
            }
            return y;
        });
    }

    @Test
    void upSamplingRepeatsEachStep() {
        int batch = 2;
        int steps = 3;
        int ch = 2;
        int size = 3;
        Layer layer = built(Layers.upSampling1d(size), steps, ch);
        assertEquals(Shape.of(steps * size, ch), layer.outputShape());
        LayerGradientCheck.check("upsample", layer, input(9, batch, steps, ch), null, (x, p) -> {
            double[] y = new double[batch * steps * size * ch];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps * size; t++) {
                    for (int c = 0; c < ch; c++) {
                        y[(b * steps * size + t) * ch + c] = x[(b * steps + t / size) * ch + c];
                    }
                }
            }
            return y;
        });
    }

    @Test
    void permuteReordersAxesAndItsGradientIsTheInverse() {
        int b = 2;
        int[] dims = {3, 4, 5};
        Layer layer = built(Layers.permute(3, 1, 2), dims);
        assertEquals(Shape.of(5, 3, 4), layer.outputShape());
        LayerGradientCheck.check("permute", layer, input(13, b, 3, 4, 5), null, (x, p) -> {
            double[] y = new double[x.length];
            for (int n = 0; n < b; n++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        for (int k = 0; k < 5; k++) {
                            // y[n, k, i, j] = x[n, i, j, k]
                            y[((n * 5 + k) * 3 + i) * 4 + j] = x[((n * 3 + i) * 4 + j) * 5 + k];
                        }
                    }
                }
            }
            return y;
        });
        Layer swap = built(Layers.permute(2, 1), 2, 3);
        Tensor x = Tensor.of(new float[][][] {{{1, 2, 3}, {4, 5, 6}}});
        assertEquals(Tensor.of(new float[][][] {{{1, 4}, {2, 5}, {3, 6}}}), swap.call(x));
        assertThrows(IllegalArgumentException.class, () -> Layers.permute(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Layers.permute(0, 1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> built(Layers.permute(2, 1), 2, 3, 4));
        assertTrue(e.getMessage().contains("rank 2"), e.getMessage());
    }

    @Test
    void identityPassesValuesAndMask() {
        Layer layer = built(Layers.identity(), 3, 2);
        Tensor x = input(3, 2, 3, 2);
        Tensor mask = Tensor.filled(Shape.of(2, 3), 1);
        assertSame(x, layer.call(x));
        assertSame(mask, layer.computeMask(List.of(x), mask));
        LayerGradientCheck.check("identity", layer, x, mask, (xd, p) -> xd);
    }
}
