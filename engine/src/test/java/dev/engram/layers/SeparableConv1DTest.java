package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
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
 * SeparableConv1D: forward and gradients (input, depthwise and pointwise kernels, bias) in double precision against
 * Keras's definition written out: the direct depthwise convolution of {@link DepthwiseConv1DTest} without bias, then
 * {@code sum_i d[t, i] · pointwise[0, i, f] + bias[f]} and the activation; valid and same padding, strides,
 * dilation, depth multiplier 2, channels-first, no bias; the kernel shapes; messages.
 */
class SeparableConv1DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.separableConv1d(4, 3).withDepthMultiplier(2).inputShape(7, 2), Shape.of(5, 4),
                weight("depthwiseKernel", 3, 2, 2), weight("pointwiseKernel", 1, 4, 4), weight("bias", 4));
    }

    static Stream<Arguments> cases() {
        // batch, steps, channels, filters, multiplier, kernel, stride, dilation, padding, activation, bias, first
        return Stream.of(
                Arguments.of(2, 7, 3, 4, 1, 3, 1, 1, Padding.VALID, "tanh", true, false),
                Arguments.of(1, 9, 2, 3, 2, 4, 2, 1, Padding.SAME, "linear", true, false),
                Arguments.of(2, 8, 3, 2, 2, 3, 1, 2, Padding.SAME, "sigmoid", false, false),
                Arguments.of(2, 7, 3, 4, 2, 3, 2, 1, Padding.SAME, "tanh", true, true),
                Arguments.of(1, 6, 2, 3, 3, 2, 1, 2, Padding.VALID, "linear", false, true));
    }

    @ParameterizedTest(name = "B{0} L{1} C{2} F{3} M{4} k{5} s{6} d{7} {8} {9} bias={10} first={11}")
    @MethodSource("cases")
    void forwardAndGradientsMatchDepthwiseThenPointwise(int batch, int steps, int channels, int filters, int mult,
            int k, int s, int d, Padding padding, String act, boolean bias, boolean first) {
        Activation a = ActivationTestCases.named(act);
        Layer layer = Layers.separableConv1d(filters, k).withDepthMultiplier(mult).withStrides(s).withDilationRate(d)
                .withPadding(padding).withActivation(a).withUseBias(bias)
                .withDataFormat(first ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST).create("sep");
        int out = Conv1DTest.referenceOutSteps(steps, k, s, d, padding);
        int mid = channels * mult;
        Shape built = layer.build(first ? Shape.of(channels, steps) : Shape.of(steps, channels), new SplittableRandom(3));
        assertEquals(first ? Shape.of(filters, out) : Shape.of(out, filters), built);
        assertEquals(Shape.of(1, mid, filters), layer.parameters().get(1).shape());
        Shape in = first ? Shape.of(batch, channels, steps) : Shape.of(batch, steps, channels);
        Tensor x = Tensor.wrap(in, randomFloats(batch * steps * channels, 6, 1.1));
        var pass = LayerGradientCheck.check("separable conv1d " + padding, layer, x, null,
                LayerGradientCheck.Options.RANDOM_PARAMETERS, p -> {
                    double[] xs = first ? GlobalPooling1DTest.transposed(p[0], batch, channels, steps) : p[0];
                    double[] dw = DepthwiseConv1DTest.reference(xs, p[1], null, batch, steps, channels, mult, k, s, d,
                            padding, Activations.linear(), out);
                    double[] y = new double[batch * out * filters];
                    for (int r = 0; r < batch * out; r++) {
                        for (int f = 0; f < filters; f++) {
                            double z = bias ? p[3][f] : 0;
                            for (int i = 0; i < mid; i++) {
                                z += dw[r * mid + i] * p[2][i * filters + f];
                            }
                            y[r * filters + f] = a.value(z);
                        }
                    }
                    return List.of(first ? GlobalPooling1DTest.transposed(y, batch, out, filters) : y);
                });
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        Layer layer = Layers.separableConv1d(2, 3).withDilationRate(2).create("sep_a");
        layer.build(Shape.of(Shape.UNKNOWN, 2), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(1, 4, 2))));
        assertEquals("Layer 'sep_a' input 0: expected shape [null, 5, 2] [batch, steps, channels] (a valid SeparableConv1D "
                + "with kernelSize 3 and dilationRate 2 needs at least 5 steps), found shape [1, 4, 2]", e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Layers.separableConv1d(2, 2).withPadding(Padding.CAUSAL));
        assertEquals("SeparableConv1D: causal padding is for 1-D convolutions only; use valid or same", c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.separableConv1d(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Layers.separableConv1d(2, 2).withDepthMultiplier(0));
    }

    /** A channels-first SeparableConv1D: the layer contract. */
    @Nested
    class ChannelsFirstContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.separableConv1d(4, 2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST)
                    .inputShape(3, 6), Shape.of(4, 6), weight("depthwiseKernel", 2, 3, 1),
                    weight("pointwiseKernel", 1, 3, 4), weight("bias", 4));
        }
    }
}
