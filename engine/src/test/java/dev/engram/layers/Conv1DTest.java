package dev.engram.layers;

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
 * Conv1D: forward and gradients (input, kernel, bias) against a direct double-precision convolution
 * written from the padding formulas (not from {@link Padding}), for every padding mode, strides &gt; 1,
 * dilation &gt; 1, no bias, batch 1; inference equals the training forward; channels-first layers (also grouped)
 * against the channels-last reference of the transposed input; shapes and messages.
 */
class Conv1DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.conv1d(4, 3).inputShape(7, 2), Shape.of(5, 4), weight("kernel", 3, 2, 4), weight("bias", 4));
    }

    static Stream<Arguments> cases() {
        // batch, steps, channels, filters, kernel, stride, dilation, padding, activation, bias
        return Stream.of(
                Arguments.of(2, 7, 3, 4, 3, 1, 1, Padding.VALID, "tanh", true),
                Arguments.of(1, 9, 2, 3, 4, 2, 1, Padding.SAME, "linear", true),
                Arguments.of(2, 8, 3, 2, 3, 1, 2, Padding.SAME, "sigmoid", false),
                Arguments.of(2, 6, 2, 3, 3, 1, 2, Padding.CAUSAL, "tanh", true),
                Arguments.of(1, 10, 2, 2, 2, 3, 1, Padding.CAUSAL, "linear", true),
                Arguments.of(3, 9, 2, 3, 2, 1, 3, Padding.VALID, "elu", false),
                Arguments.of(2, 7, 3, 2, 3, 3, 1, Padding.VALID, "linear", true),
                Arguments.of(2, 5, 2, 3, 5, 2, 1, Padding.SAME, "tanh", true),
                Arguments.of(1, 4, 3, 2, 1, 1, 1, Padding.SAME, "linear", true));
    }

    @ParameterizedTest(name = "B{0} L{1} C{2} F{3} k{4} s{5} d{6} {7} {8} bias={9}")
    @MethodSource("cases")
    void forwardAndGradientsMatchADirectConvolution(int batch, int steps, int channels, int filters, int k, int s,
            int d, Padding padding, String act, boolean bias) {
        Activation a = ActivationTestCases.named(act);
        Layer layer = Layers.conv1d(filters, k).withStrides(s).withDilationRate(d).withPadding(padding)
                .withActivation(a).withUseBias(bias).create("conv");
        Shape out = layer.build(Shape.of(steps, channels), new SplittableRandom(3));
        LayerGradientCheck.randomize(layer, 20, 0.8, 0);
        Tensor x = Tensor.wrap(Shape.of(batch, steps, channels), randomFloats(batch * steps * channels, 7, 1.2));
        int outSteps = referenceOutSteps(steps, k, s, d, padding);
        assertEquals(Shape.of(outSteps, filters), out);
        var pass = LayerGradientCheck.check("conv " + padding, layer, x, null, (xd, p) -> reference(xd, p[0],
                bias ? p[1] : null, batch, steps, channels, filters, k, s, d, padding, a));
        assertEquals(Shape.of(batch, outSteps, filters), pass.output().shape());
        dev.engram.testing.Numeric.assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    static Stream<Arguments> channelsFirstCases() {
        // batch, steps, channels, filters, groups, kernel, stride, dilation, padding, activation, bias
        return Stream.of(
                Arguments.of(2, 7, 3, 4, 1, 3, 1, 1, Padding.VALID, "tanh", true),
                Arguments.of(1, 9, 2, 3, 1, 4, 2, 1, Padding.SAME, "linear", true),
                Arguments.of(2, 6, 2, 3, 1, 3, 1, 2, Padding.CAUSAL, "sigmoid", false),
                Arguments.of(2, 8, 4, 6, 2, 3, 1, 1, Padding.SAME, "tanh", true),
                Arguments.of(1, 5, 3, 3, 3, 2, 1, 2, Padding.CAUSAL, "linear", true));
    }

    /**
     * Channels-first ({@code [batch, channels, steps]} in, {@code [batch, filters, outSteps]} out) against the
     * channels-last reference of the transposed input, with the output transposed back; gradients by finite
     * differences in the layer's own layout.
     */
    @ParameterizedTest(name = "channels-first B{0} L{1} C{2} F{3} G{4} k{5} s{6} d{7} {8} {9} bias={10}")
    @MethodSource("channelsFirstCases")
    void channelsFirstConvolvesTheTransposedSequence(int batch, int steps, int channels, int filters, int groups, int k,
            int s, int d, Padding padding, String act, boolean bias) {
        Activation a = ActivationTestCases.named(act);
        Layer layer = Layers.conv1d(filters, k).withStrides(s).withDilationRate(d).withPadding(padding)
                .withGroups(groups).withDataFormat(DataFormat.CHANNELS_FIRST).withActivation(a).withUseBias(bias)
                .create("conv_cf");
        int outSteps = referenceOutSteps(steps, k, s, d, padding);
        assertEquals(Shape.of(filters, outSteps), layer.build(Shape.of(channels, steps), new SplittableRandom(3)));
        assertEquals(Shape.of(k, channels / groups, filters), layer.parameters().get(0).shape());
        Tensor x = Tensor.wrap(Shape.of(batch, channels, steps), randomFloats(batch * steps * channels, 5, 1.1));
        var pass = LayerGradientCheck.check("channels-first conv " + padding, layer, x, null,
                LayerGradientCheck.Options.RANDOM_PARAMETERS, p -> {
                    double[] nwc = GlobalPooling1DTest.transposed(p[0], batch, channels, steps);
                    double[] y = GroupedConvTest.reference1(nwc, p[1], bias ? p[2] : null, batch, steps, channels,
                            filters, groups, k, s, d, padding, a, outSteps);
                    return List.of(GlobalPooling1DTest.transposed(y, batch, outSteps, filters));
                });
        assertEquals(Shape.of(batch, filters, outSteps), pass.output().shape());
        dev.engram.testing.Numeric.assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }


    /** Output steps from the Keras formulas, written out independently of {@link Padding}. */
    static int referenceOutSteps(int steps, int k, int s, int d, Padding padding) {
        int effective = (k - 1) * d + 1;
        return padding == Padding.VALID ? (int) Math.ceil((steps - effective + 1) / (double) s)
                : (int) Math.ceil(steps / (double) s);
    }

    static double[] reference(double[] x, double[] kernel, double[] bias, int batch, int steps, int channels,
            int filters, int k, int s, int d, Padding padding, Activation a) {
        int outSteps = referenceOutSteps(steps, k, s, d, padding);
        int left = switch (padding) {
            case VALID -> 0;
            case CAUSAL -> (k - 1) * d;
            case SAME -> Math.max((outSteps - 1) * s + (k - 1) * d + 1 - steps, 0) / 2;
        };
        double[] y = new double[batch * outSteps * filters];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < outSteps; t++) {
                for (int f = 0; f < filters; f++) {
                    double z = bias == null ? 0 : bias[f];
                    for (int j = 0; j < k; j++) {
                        int src = t * s + j * d - left;
                        if (src < 0 || src >= steps) {
                            continue;
                        }
                        for (int c = 0; c < channels; c++) {
                            z += x[(b * steps + src) * channels + c] * kernel[(j * channels + c) * filters + f];
                        }
                    }
                    y[(b * outSteps + t) * filters + f] = a.value(z);
                }
            }
        }
        return y;
    }

    @Test
    void causalOutputNeverReadsTheFuture() {
        Layer layer = Layers.conv1d(2, 3).withDilationRate(2).withPadding(Padding.CAUSAL).create("causal");
        layer.build(Shape.of(6, 1), new SplittableRandom(4));
        LayerGradientCheck.randomize(layer, 30, 1, 0);
        float[] a = randomFloats(6, 1, 1);
        float[] b = a.clone();
        b[5] += 3f; // change only the last step
        Tensor ya = layer.call(Tensor.wrap(Shape.of(1, 6, 1), a));
        Tensor yb = layer.call(Tensor.wrap(Shape.of(1, 6, 1), b));
        for (int i = 0; i < 10; i++) {
            assertEquals(ya.buffer()[i], yb.buffer()[i], "output step " + i / 2 + " must not see step 5");
        }
    }

    @Test
    void unknownStepsAcceptAnyLength() {
        Layer layer = Layers.conv1d(2, 3).withStrides(2).withPadding(Padding.SAME).create("conv");
        assertEquals(Shape.of(Shape.UNKNOWN, 2), layer.build(Shape.of(Shape.UNKNOWN, 3), new SplittableRandom(1)));
        assertEquals(Shape.of(1, 3, 2), layer.call(Tensor.zeros(Shape.of(1, 5, 3))).shape());
        assertEquals(Shape.of(2, 4, 2), layer.call(Tensor.zeros(Shape.of(2, 8, 3))).shape());
    }

    @Test
    void defaultsAreTfjs() {
        Conv1DConfig c = Layers.conv1d(4, 3);
        assertEquals(1, c.strides());
        assertEquals(1, c.dilationRate());
        assertEquals(Padding.VALID, c.padding());
        assertEquals(true, c.useBias());
        assertEquals("linear", c.activation().name());
        Layer layer = c.create("conv1d");
        layer.build(Shape.of(10, 2), new SplittableRandom(1));
        assertEquals(Shape.of(3, 2, 4), layer.parameters().get(0).shape());
        assertEquals(Shape.of(4), layer.parameters().get(1).shape());
    }

    @Test
    void errorsNameTheLayerAndBothShapes() {
        Layer layer = Layers.conv1d(2, 3).create("conv_a");
        layer.build(Shape.of(5, 3), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(2, 5, 4))));
        assertEquals("Layer 'conv_a' input 0: expected shape [null, 5, 3] [batch, steps, channels], found shape [2, 5, 4]",
                e.getMessage());
        assertThrows(IncompatibleShapeException.class, () -> layer.call(Tensor.zeros(Shape.of(2, 15))));

        Layer open = Layers.conv1d(2, 3).withDilationRate(2).create("conv_b");
        open.build(Shape.of(Shape.UNKNOWN, 3), new SplittableRandom(1));
        e = assertThrows(IncompatibleShapeException.class, () -> open.call(Tensor.zeros(Shape.of(1, 4, 3))));
        assertEquals("Layer 'conv_b' input 0: expected shape [null, 5, 3] [batch, steps, channels] (a valid Conv1D with "
                + "kernelSize 3 and dilationRate 2 needs at least 5 steps), found shape [1, 4, 3]", e.getMessage());

        e = assertThrows(IncompatibleShapeException.class,
                () -> Layers.conv1d(2, 3).create("conv_c").build(Shape.of(7), new SplittableRandom(1)));
        assertEquals("Layer 'conv_c' input 0: expected shape [null, null, null] [batch, steps, channels] with known channels "
                + "(Conv1D), found shape [null, 7]", e.getMessage());
    }

    @Test
    void channelsFirstErrorsNameTheLayout() {
        Layer layer = Layers.conv1d(2, 3).withDataFormat(DataFormat.CHANNELS_FIRST).create("conv_cf");
        assertEquals(Shape.of(2, Shape.UNKNOWN), layer.build(Shape.of(4, Shape.UNKNOWN), new SplittableRandom(1)));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(1, 4, 2))));
        assertEquals("Layer 'conv_cf' input 0: expected shape [null, 4, 3] [batch, channels, steps] (a valid Conv1D with "
                + "kernelSize 3 and dilationRate 1 needs at least 3 steps), found shape [1, 4, 2]", e.getMessage());
        e = assertThrows(IncompatibleShapeException.class, () -> Layers.conv1d(2, 3)
                .withDataFormat(DataFormat.CHANNELS_FIRST).create("conv_d").build(Shape.of(Shape.UNKNOWN, 7),
                        new SplittableRandom(1)));
        assertEquals("Layer 'conv_d' input 0: expected shape [null, null, null] [batch, channels, steps] with known "
                + "channels (Conv1D), found shape [null, null, 7]", e.getMessage());
        assertEquals(DataFormat.CHANNELS_LAST, Layers.conv1d(2, 3).dataFormat());
    }

    /** A channels-first Conv1D: the layer contract. */
    @Nested
    class ChannelsFirstContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.conv1d(4, 3).withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(2, 7), Shape.of(4, 5),
                    weight("kernel", 3, 2, 4), weight("bias", 4));
        }
    }

    @Test
    void configValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv1d(2, 3).withStrides(2).withDilationRate(2));
        assertEquals("Conv1D strides (2) and dilationRate (2) cannot both be > 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.conv1d(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.conv1d(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Layers.conv1d(2, 3).withStrides(0));
    }
}
