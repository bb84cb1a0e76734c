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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DepthwiseConv1D: forward and gradients (input, depthwise kernel, bias) in double precision against a direct
 * depthwise convolution written from Keras's definition (output channel {@code c·M + m} sums input channel
 * {@code c} with kernel {@code [j, c, m]}), for valid and same padding, strides, dilation, depth multiplier 2,
 * channels-first, no bias; the kernel shape; messages.
 */
class DepthwiseConv1DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.depthwiseConv1d(3).withDepthMultiplier(2).inputShape(7, 2), Shape.of(5, 4),
                weight("depthwiseKernel", 3, 2, 2), weight("bias", 4));
    }

    static Stream<Arguments> cases() {
        // batch, steps, channels, multiplier, kernel, stride, dilation, padding, activation, bias, channels-first
        return Stream.of(
                Arguments.of(2, 7, 3, 1, 3, 1, 1, Padding.VALID, "tanh", true, false),
                Arguments.of(1, 9, 2, 2, 4, 2, 1, Padding.SAME, "linear", true, false),
                Arguments.of(2, 8, 3, 2, 3, 1, 2, Padding.SAME, "sigmoid", false, false),
                Arguments.of(2, 7, 3, 2, 3, 2, 1, Padding.SAME, "tanh", true, true),
                Arguments.of(1, 6, 2, 3, 2, 1, 2, Padding.VALID, "linear", false, true));
    }

    @ParameterizedTest(name = "B{0} L{1} C{2} M{3} k{4} s{5} d{6} {7} {8} bias={9} first={10}")
    @MethodSource("cases")
    void forwardAndGradientsMatchADirectDepthwiseConvolution(int batch, int steps, int channels, int mult, int k, int s,
            int d, Padding padding, String act, boolean bias, boolean first) {
        Activation a = ActivationTestCases.named(act);
        Layer layer = Layers.depthwiseConv1d(k).withDepthMultiplier(mult).withStrides(s).withDilationRate(d)
                .withPadding(padding).withActivation(a).withUseBias(bias)
                .withDataFormat(first ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST).create("dw");
        int out = Conv1DTest.referenceOutSteps(steps, k, s, d, padding);
        int width = channels * mult;
        Shape built = layer.build(first ? Shape.of(channels, steps) : Shape.of(steps, channels), new SplittableRandom(3));
        assertEquals(first ? Shape.of(width, out) : Shape.of(out, width), built);
        assertEquals(Shape.of(k, channels, mult), layer.parameters().get(0).shape());
        Shape in = first ? Shape.of(batch, channels, steps) : Shape.of(batch, steps, channels);
        Tensor x = Tensor.wrap(in, randomFloats(batch * steps * channels, 8, 1.1));
        var pass = LayerGradientCheck.check("depthwise conv1d " + padding, layer, x, null,
                LayerGradientCheck.Options.RANDOM_PARAMETERS, p -> {
                    double[] xs = first ? GlobalPooling1DTest.transposed(p[0], batch, channels, steps) : p[0];
                    double[] y = reference(xs, p[1], bias ? p[2] : null, batch, steps, channels, mult, k, s, d, padding,
                            a, out);
                    return List.of(first ? GlobalPooling1DTest.transposed(y, batch, out, width) : y);
                });
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    static double[] reference(double[] x, double[] kernel, double[] bias, int batch, int steps, int ch, int mult,
            int k, int s, int d, Padding padding, Activation a, int out) {
        int eff = (k - 1) * d + 1;
        int left = padding == Padding.VALID ? 0 : Math.max((out - 1) * s + eff - steps, 0) / 2;
        double[] y = new double[batch * out * ch * mult];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                for (int c = 0; c < ch; c++) {
                    for (int m = 0; m < mult; m++) {
                        double z = bias == null ? 0 : bias[c * mult + m];
                        for (int j = 0; j < k; j++) {
                            int src = t * s - left + j * d;
                            if (src >= 0 && src < steps) {
                                z += x[(b * steps + src) * ch + c] * kernel[(j * ch + c) * mult + m];
                            }
                        }
                        y[((b * out + t) * ch + c) * mult + m] = a.value(z);
                    }
                }
            }
        }
        return y;
    }


    @Test
    void errorsNameTheLayerAndTheShapes() {
        Layer layer = Layers.depthwiseConv1d(3).withDilationRate(2).create("dw_a");
        layer.build(Shape.of(Shape.UNKNOWN, 2), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(1, 4, 2))));
        assertEquals("Layer 'dw_a' input 0: expected shape [null, 5, 2] [batch, steps, channels] (a valid DepthwiseConv1D "
                + "with kernelSize 3 and dilationRate 2 needs at least 5 steps), found shape [1, 4, 2]", e.getMessage());
        e = assertThrows(IncompatibleShapeException.class, () -> Layers.depthwiseConv1d(2)
                .withDataFormat(DataFormat.CHANNELS_FIRST).create("dw_b").build(Shape.of(Shape.UNKNOWN, 5),
                        new SplittableRandom(1)));
        assertEquals("Layer 'dw_b' input 0: expected shape [null, null, null] [batch, channels, steps] with known "
                + "channels (DepthwiseConv1D), found shape [null, null, 5]", e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Layers.depthwiseConv1d(2).withPadding(Padding.CAUSAL));
        assertEquals("DepthwiseConv1D: causal padding is for 1-D convolutions only; use valid or same", c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.depthwiseConv1d(2).withStrides(2).withDilationRate(2));
        assertThrows(IllegalArgumentException.class, () -> Layers.depthwiseConv1d(2).withDepthMultiplier(0));
    }

    /** A channels-first DepthwiseConv1D: the layer contract. */
    @Nested
    class ChannelsFirstContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.depthwiseConv1d(2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST)
                    .inputShape(3, 6), Shape.of(3, 6), weight("depthwiseKernel", 2, 3, 1), weight("bias", 3));
        }
    }
}
