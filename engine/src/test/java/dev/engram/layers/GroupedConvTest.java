package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ActivationTestCases;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grouped Conv2D and Conv1D ({@code groups} &gt; 1): forward and gradients (input, kernel, bias) in double
 * precision against a direct grouped convolution written from Keras's definition (filter {@code o} of
 * group {@code o / (F/G)} sums over that group's {@code C/G} input channels with kernel
 * {@code [..., C/G, F]}), for valid/same/causal padding, strides, dilation, channels-first, no bias,
 * depthwise-like groups (one channel per group) and a 1x1 kernel; the kernel shape; messages.
 */
class GroupedConvTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.conv2d(4, 3, 2).withGroups(2).inputShape(6, 5, 6), Shape.of(4, 4, 4),
                weight("kernel", 3, 2, 3, 4), weight("bias", 4));
    }

    /** One 2-D case. */
    record Case2(int batch, int height, int width, int channels, int filters, int groups, int kh, int kw, int sh,
            int sw, int dh, int dw, Padding padding, DataFormat format, String activation, boolean bias) {
        Conv2DConfig config() {
            return Layers.conv2d(filters, kh, kw).withStrides(sh, sw).withDilationRate(dh, dw).withPadding(padding)
                    .withDataFormat(format).withGroups(groups).withActivation(ActivationTestCases.named(activation))
                    .withUseBias(bias);
        }

        Shape sample() {
            return format == DataFormat.CHANNELS_LAST ? Shape.of(height, width, channels)
                    : Shape.of(channels, height, width);
        }
    }

    static Stream<Arguments> cases2() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        return Stream.of(
                new Case2(2, 6, 5, 4, 6, 2, 3, 3, 1, 1, 1, 1, Padding.VALID, last, "tanh", true),
                new Case2(1, 7, 6, 6, 3, 3, 3, 2, 2, 1, 1, 1, Padding.SAME, last, "linear", true),
                new Case2(2, 7, 7, 4, 8, 4, 3, 3, 1, 1, 2, 1, Padding.SAME, last, "sigmoid", false),
                new Case2(2, 5, 4, 6, 4, 2, 1, 1, 1, 1, 1, 1, Padding.VALID, last, "elu", true),
                new Case2(2, 6, 5, 4, 4, 2, 3, 2, 2, 1, 1, 1, Padding.SAME, DataFormat.CHANNELS_FIRST, "tanh", true),
                new Case2(1, 5, 5, 3, 3, 3, 2, 2, 1, 1, 1, 1, Padding.VALID, DataFormat.CHANNELS_FIRST, "linear", false))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases2")
    void conv2dMatchesADirectGroupedConvolution(Case2 c) {
        Layer layer = c.config().create("gconv");
        Shape out = layer.build(c.sample(), new SplittableRandom(3));
        assertEquals(Shape.of(c.kh(), c.kw(), c.channels() / c.groups(), c.filters()), layer.parameters().get(0).shape());
        int oh = outSize(c.height(), c.kh(), c.sh(), c.dh(), c.padding());
        int ow = outSize(c.width(), c.kw(), c.sw(), c.dw(), c.padding());
        boolean lastFormat = c.format() == DataFormat.CHANNELS_LAST;
        assertEquals(lastFormat ? Shape.of(oh, ow, c.filters()) : Shape.of(c.filters(), oh, ow), out);
        Tensor x = Tensor.wrap(c.sample().prepend(c.batch()), randomFloats(c.batch() * c.sample().size(), 7, 1.2));
        var pass = LayerGradientCheck.check("grouped conv2d " + c, layer, x, null,
                LayerGradientCheck.Options.RANDOM_PARAMETERS,
                a -> List.of(reference2(a[0], a[1], c.bias() ? a[2] : null, c, oh, ow)));
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    static Stream<Arguments> cases1() {
        // batch, steps, channels, filters, groups, kernel, stride, dilation, padding, activation, bias
        return Stream.of(
                Arguments.of(2, 7, 4, 6, 2, 3, 1, 1, Padding.VALID, "tanh", true),
                Arguments.of(1, 9, 6, 3, 3, 4, 2, 1, Padding.SAME, "linear", true),
                Arguments.of(2, 8, 4, 4, 4, 3, 1, 2, Padding.CAUSAL, "sigmoid", false),
                Arguments.of(2, 6, 6, 4, 2, 1, 1, 1, Padding.SAME, "linear", true));
    }

    @ParameterizedTest(name = "B{0} L{1} C{2} F{3} G{4} k{5} s{6} d{7} {8} {9} bias={10}")
    @MethodSource("cases1")
    void conv1dMatchesADirectGroupedConvolution(int batch, int steps, int channels, int filters, int groups, int k,
            int s, int d, Padding padding, String act, boolean bias) {
        Activation a = ActivationTestCases.named(act);
        Layer layer = Layers.conv1d(filters, k).withStrides(s).withDilationRate(d).withPadding(padding)
                .withGroups(groups).withActivation(a).withUseBias(bias).create("gconv1d");
        Shape out = layer.build(Shape.of(steps, channels), new SplittableRandom(3));
        assertEquals(Shape.of(k, channels / groups, filters), layer.parameters().get(0).shape());
        int outSteps = padding == Padding.VALID ? outSize(steps, k, s, d, padding) : (steps + s - 1) / s;
        assertEquals(Shape.of(outSteps, filters), out);
        Tensor x = Tensor.wrap(Shape.of(batch, steps, channels), randomFloats(batch * steps * channels, 9, 1.1));
        var pass = LayerGradientCheck.check("grouped conv1d " + padding, layer, x, null,
                LayerGradientCheck.Options.RANDOM_PARAMETERS, p -> List.of(reference1(p[0], p[1], bias ? p[2] : null,
                        batch, steps, channels, filters, groups, k, s, d, padding, a, outSteps)));
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    /** Output size from Keras's formulas (valid: ceil((n - e + 1) / s); same: ceil(n / s)). */
    private static int outSize(int n, int k, int s, int d, Padding padding) {
        int e = (k - 1) * d + 1;
        return padding == Padding.VALID ? (n - e + s) / s : (n + s - 1) / s;
    }

    private static int padBefore(int n, int out, int k, int s, int d, Padding padding) {
        int e = (k - 1) * d + 1;
        return switch (padding) {
            case VALID -> 0;
            case CAUSAL -> e - 1;
            default -> Math.max((out - 1) * s + e - n, 0) / 2;
        };
    }

    private static double[] reference2(double[] x, double[] kernel, double[] bias, Case2 c, int oh, int ow) {
        boolean last = c.format() == DataFormat.CHANNELS_LAST;
        int h = c.height();
        int w = c.width();
        int ch = c.channels();
        int f = c.filters();
        int cg = ch / c.groups();
        int fg = f / c.groups();
        int top = padBefore(h, oh, c.kh(), c.sh(), c.dh(), c.padding());
        int left = padBefore(w, ow, c.kw(), c.sw(), c.dw(), c.padding());
        Activation a = ActivationTestCases.named(c.activation());
        double[] y = new double[c.batch() * oh * ow * f];
        for (int b = 0; b < c.batch(); b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < f; o++) {
                        double z = bias == null ? 0 : bias[o];
                        int first = (o / fg) * cg;
                        for (int p = 0; p < c.kh(); p++) {
                            for (int q = 0; q < c.kw(); q++) {
                                int r = i * c.sh() - top + p * c.dh();
                                int col = j * c.sw() - left + q * c.dw();
                                if (r < 0 || r >= h || col < 0 || col >= w) {
                                    continue;
                                }
                                for (int kc = 0; kc < cg; kc++) {
                                    int in = first + kc;
                                    int xi = last ? ((b * h + r) * w + col) * ch + in : ((b * ch + in) * h + r) * w + col;
                                    z += x[xi] * kernel[((p * c.kw() + q) * cg + kc) * f + o];
                                }
                            }
                        }
                        int yi = last ? ((b * oh + i) * ow + j) * f + o : ((b * f + o) * oh + i) * ow + j;
                        y[yi] = a.value(z);
                    }
                }
            }
        }
        return y;
    }

    static double[] reference1(double[] x, double[] kernel, double[] bias, int batch, int steps, int ch,
            int f, int groups, int k, int s, int d, Padding padding, Activation a, int out) {
        int cg = ch / groups;
        int fg = f / groups;
        int pad = padBefore(steps, out, k, s, d, padding);
        double[] y = new double[batch * out * f];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                for (int o = 0; o < f; o++) {
                    double z = bias == null ? 0 : bias[o];
                    for (int j = 0; j < k; j++) {
                        int src = t * s - pad + j * d;
                        if (src < 0 || src >= steps) {
                            continue;
                        }
                        for (int kc = 0; kc < cg; kc++) {
                            z += x[(b * steps + src) * ch + (o / fg) * cg + kc] * kernel[(j * cg + kc) * f + o];
                        }
                    }
                    y[(b * out + t) * f + o] = a.value(z);
                }
            }
        }
        return y;
    }

    @Test
    void groupsMustDivideFiltersAndChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv2d(5, 3).withGroups(2));
        assertEquals("Conv2D groups must be > 0 and divide the 5 filters, got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Layers.conv1d(4, 3).withGroups(0));
        assertEquals("Conv1D groups must be > 0 and divide the 4 filters, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv2d(4, 3).withGroups(2).create("g").build(Shape.of(6, 6, 3), new SplittableRandom(1)));
        assertEquals("Layer 'g' (Conv2D): 2 groups do not divide the 3 input channels of [null, 6, 6, 3]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv1d(4, 3).withGroups(4).create("g1").build(Shape.of(6, 6), new SplittableRandom(1)));
        assertEquals("Layer 'g1' (Conv1D): 4 groups do not divide the 6 input channels of [null, 6, 6]", e.getMessage());
    }
}
