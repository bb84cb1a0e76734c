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
 * DepthwiseConv2D: forward and gradients against a direct double-precision depthwise convolution
 * (per input channel, its own multiplier filters) written from the Keras padding formulas, for depth
 * multipliers 1 and above, valid and same padding, strides, dilation, channels-first, no bias.
 */
class DepthwiseConv2DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.depthwiseConv2d(3, 2).withDepthMultiplier(2).inputShape(5, 4, 3), Shape.of(3, 3, 6),
                weight("depthwiseKernel", 3, 2, 3, 2), weight("bias", 6));
    }

    /** One case. */
    record Case(int batch, int height, int width, int channels, int multiplier, int kh, int kw, int sh, int sw, int dh,
            int dw, Padding padding, DataFormat format, String activation, boolean bias) {

        DepthwiseConv2DConfig config() {
            return Layers.depthwiseConv2d(kh, kw).withDepthMultiplier(multiplier).withStrides(sh, sw)
                    .withDilationRate(dh, dw).withPadding(padding).withDataFormat(format)
                    .withActivation(ActivationTestCases.named(activation)).withUseBias(bias);
        }

        int outH() {
            return Conv2DTest.referenceOut(height, kh, sh, dh, padding);
        }

        int outW() {
            return Conv2DTest.referenceOut(width, kw, sw, dw, padding);
        }

        Shape sample() {
            return format == DataFormat.CHANNELS_LAST ? Shape.of(height, width, channels)
                    : Shape.of(channels, height, width);
        }
    }

    static Stream<Arguments> cases() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        return Stream.of(
                new Case(2, 6, 5, 3, 1, 3, 3, 1, 1, 1, 1, Padding.VALID, last, "tanh", true),
                new Case(1, 7, 6, 2, 3, 3, 2, 2, 1, 1, 1, Padding.SAME, last, "linear", true),
                new Case(2, 7, 7, 2, 2, 3, 3, 1, 1, 2, 1, Padding.SAME, last, "sigmoid", false),
                new Case(2, 5, 6, 3, 1, 2, 3, 2, 2, 1, 1, Padding.SAME, last, "relu", true),
                new Case(2, 6, 5, 2, 2, 3, 2, 1, 2, 1, 1, Padding.VALID, DataFormat.CHANNELS_FIRST, "tanh", true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchADirectDepthwiseConvolution(Case c) {
        Layer layer = c.config().create("dw");
        Shape out = layer.build(c.sample(), new SplittableRandom(3));
        int width = c.channels() * c.multiplier();
        Shape expected = c.format() == DataFormat.CHANNELS_LAST ? Shape.of(c.outH(), c.outW(), width)
                : Shape.of(width, c.outH(), c.outW());
        assertEquals(expected, out);
        Tensor x = Tensor.wrap(c.sample().prepend(c.batch()), randomFloats(c.batch() * c.sample().size(), 7, 1.2));
        var pass = LayerGradientCheck.check("depthwise " + c, layer, x, null, LayerGradientCheck.Options.RANDOM_PARAMETERS,
                a -> List.of(reference(a[0], a[1], c.bias() ? a[2] : null, c)));
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    static double[] reference(double[] x, double[] kernel, double[] bias, Case c) {
        boolean last = c.format() == DataFormat.CHANNELS_LAST;
        int h = c.height();
        int w = c.width();
        int ch = c.channels();
        int mult = c.multiplier();
        int f = ch * mult;
        int oh = c.outH();
        int ow = c.outW();
        int top = c.padding() == Padding.VALID ? 0 : Math.max((oh - 1) * c.sh() + (c.kh() - 1) * c.dh() + 1 - h, 0) / 2;
        int left = c.padding() == Padding.VALID ? 0 : Math.max((ow - 1) * c.sw() + (c.kw() - 1) * c.dw() + 1 - w, 0) / 2;
        Activation a = ActivationTestCases.named(c.activation());
        double[] y = new double[c.batch() * oh * ow * f];
        for (int b = 0; b < c.batch(); b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int k = 0; k < ch; k++) {
                        for (int m = 0; m < mult; m++) {
                            int o = k * mult + m;
                            double z = bias == null ? 0 : bias[o];
                            for (int p = 0; p < c.kh(); p++) {
                                for (int q = 0; q < c.kw(); q++) {
                                    int r = i * c.sh() - top + p * c.dh();
                                    int col = j * c.sw() - left + q * c.dw();
                                    if (r < 0 || r >= h || col < 0 || col >= w) {
                                        continue;
                                    }
                                    int xi = last ? ((b * h + r) * w + col) * ch + k : ((b * ch + k) * h + r) * w + col;
                                    z += x[xi] * kernel[((p * c.kw() + q) * ch + k) * mult + m];
                                }
                            }
                            y[last ? ((b * oh + i) * ow + j) * f + o : ((b * f + o) * oh + i) * ow + j] = a.value(z);
                        }
                    }
                }
            }
        }
        return y;
    }

    @Test
    void errorsNameTheLayerAndShapes() {
        Layer layer = Layers.depthwiseConv2d(3).create("dw_a");
        layer.build(Shape.of(5, 5, 3), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(2, 5, 5, 4))));
        assertEquals("Layer 'dw_a' input 0: expected shape [null, 5, 5, 3] [batch, height, width, channels], found "
                + "shape [2, 5, 5, 4]", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Layers.depthwiseConv2d(3).withDepthMultiplier(0));
        assertEquals("DepthwiseConv2D depthMultiplier must be > 0, got 0", bad.getMessage());
    }
}
