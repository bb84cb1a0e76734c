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
 * Conv2DTranspose: forward and gradients against a direct double-precision scatter
 * ({@code y[i·s - pad + a·d] += x[i] · kernel[a]}) with the output size and padding written from
 * Keras's {@code deconv_output_length} and TensorFlow's same split, for valid and same padding,
 * strides larger than the kernel, output padding, dilation, channels-first, no bias; shapes and
 * messages.
 */
class Conv2DTransposeTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.conv2dTranspose(4, 3, 2).withStrides(2, 1).inputShape(3, 4, 2), Shape.of(7, 5, 4),
                weight("kernel", 3, 2, 4, 2), weight("bias", 4));
    }

    /** One case: sizes, window and options; {@code oph < 0} for no output padding. */
    record Case(int batch, int height, int width, int channels, int filters, int kh, int kw, int sh, int sw, int dh,
            int dw, int oph, int opw, Padding padding, DataFormat format, String activation, boolean bias) {

        Conv2DTransposeConfig config() {
            Conv2DTransposeConfig c = Layers.conv2dTranspose(filters, kh, kw).withStrides(sh, sw)
                    .withDilationRate(dh, dw).withPadding(padding).withDataFormat(format)
                    .withActivation(ActivationTestCases.named(activation)).withUseBias(bias);
            return oph < 0 ? c : c.withOutputPadding(new Conv2DTransposeConfig.OutputPadding(oph, opw));
        }

        int outH() {
            return referenceOut(height, kh, sh, dh, padding, oph);
        }

        int outW() {
            return referenceOut(width, kw, sw, dw, padding, opw);
        }

        Shape sample() {
            return format == DataFormat.CHANNELS_LAST ? Shape.of(height, width, channels)
                    : Shape.of(channels, height, width);
        }
    }

    static Stream<Arguments> cases() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        return Stream.of(
                new Case(2, 3, 4, 2, 3, 3, 3, 1, 1, 1, 1, -1, -1, Padding.VALID, last, "tanh", true),
                new Case(1, 3, 3, 2, 2, 3, 2, 2, 2, 1, 1, -1, -1, Padding.VALID, last, "linear", true),
                new Case(2, 3, 2, 3, 2, 3, 3, 2, 2, 1, 1, -1, -1, Padding.SAME, last, "sigmoid", false),
                new Case(1, 3, 3, 2, 2, 3, 3, 2, 2, 1, 1, 1, 0, Padding.SAME, last, "linear", true),
                new Case(2, 2, 3, 2, 3, 2, 2, 3, 3, 1, 1, -1, -1, Padding.VALID, last, "relu", true),
                new Case(1, 2, 3, 2, 2, 2, 3, 3, 2, 1, 1, 2, 1, Padding.VALID, last, "linear", true),
                new Case(2, 3, 3, 2, 2, 2, 3, 1, 1, 2, 1, -1, -1, Padding.VALID, last, "tanh", true),
                new Case(1, 4, 3, 2, 2, 3, 3, 1, 1, 1, 2, -1, -1, Padding.SAME, last, "linear", true),
                new Case(2, 3, 2, 3, 2, 1, 1, 2, 1, 1, 1, -1, -1, Padding.SAME, last, "elu", true),
                new Case(2, 3, 3, 3, 2, 3, 2, 2, 1, 1, 1, -1, -1, Padding.SAME, DataFormat.CHANNELS_FIRST, "tanh", true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchADirectScatter(Case c) {
        Layer layer = c.config().create("deconv");
        Shape out = layer.build(c.sample(), new SplittableRandom(3));
        Tensor x = Tensor.wrap(c.sample().prepend(c.batch()), randomFloats(c.batch() * c.sample().size(), 7, 1.2));
        Shape expected = c.format() == DataFormat.CHANNELS_LAST ? Shape.of(c.outH(), c.outW(), c.filters())
                : Shape.of(c.filters(), c.outH(), c.outW());
        assertEquals(expected, out);
        var pass = LayerGradientCheck.check("conv2dTranspose " + c, layer, x, null,
                LayerGradientCheck.Options.RANDOM_PARAMETERS, a -> List.of(reference(a[0], a[1], c.bias() ? a[2] : null, c)));
        assertEquals(expected.prepend(c.batch()), pass.output().shape());
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    /** Keras's deconv_output_length, written out. */
    static int referenceOut(int in, int k, int s, int d, Padding padding, int op) {
        int e = k + (k - 1) * (d - 1);
        if (op < 0) {
            return padding == Padding.VALID ? in * s + Math.max(e - s, 0) : in * s;
        }
        return (in - 1) * s + e - 2 * (padding == Padding.SAME ? e / 2 : 0) + op;
    }

    /** TensorFlow's padding before the first pixel of the convolution over {@code out} pixels that gives {@code in}. */
    private static int referencePad(int in, int out, int k, int s, int d, Padding padding) {
        return padding == Padding.VALID ? 0 : Math.max((in - 1) * s + (k - 1) * d + 1 - out, 0) / 2;
    }

    static double[] reference(double[] x, double[] kernel, double[] bias, Case c) {
        boolean last = c.format() == DataFormat.CHANNELS_LAST;
        int h = c.height();
        int w = c.width();
        int ch = c.channels();
        int f = c.filters();
        int oh = c.outH();
        int ow = c.outW();
        int top = referencePad(h, oh, c.kh(), c.sh(), c.dh(), c.padding());
        int left = referencePad(w, ow, c.kw(), c.sw(), c.dw(), c.padding());
        double[] z = new double[c.batch() * oh * ow * f];
        for (int b = 0; b < c.batch(); b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int k = 0; k < ch; k++) {
                        double xv = x[last ? ((b * h + i) * w + j) * ch + k : ((b * ch + k) * h + i) * w + j];
                        for (int p = 0; p < c.kh(); p++) {
                            for (int q = 0; q < c.kw(); q++) {
                                int r = i * c.sh() - top + p * c.dh();
                                int col = j * c.sw() - left + q * c.dw();
                                if (r < 0 || r >= oh || col < 0 || col >= ow) {
                                    continue;
                                }
                                for (int o = 0; o < f; o++) {
                                    z[((b * oh + r) * ow + col) * f + o] += xv * kernel[((p * c.kw() + q) * f + o) * ch + k];
                                }
                            }
                        }
                    }
                }
            }
        }
        Activation a = ActivationTestCases.named(c.activation());
        double[] y = new double[z.length];
        for (int b = 0; b < c.batch(); b++) {
            for (int r = 0; r < oh; r++) {
                for (int col = 0; col < ow; col++) {
                    for (int o = 0; o < f; o++) {
                        double v = z[((b * oh + r) * ow + col) * f + o] + (bias == null ? 0 : bias[o]);
                        y[last ? ((b * oh + r) * ow + col) * f + o : ((b * f + o) * oh + r) * ow + col] = a.value(v);
                    }
                }
            }
        }
        return y;
    }

    @Test
    void outputSizesFollowKeras() {
        Layer same = Layers.conv2dTranspose(2, 3).withStrides(2).withPadding(Padding.SAME).create("a");
        assertEquals(Shape.of(8, 10, 2), same.build(Shape.of(4, 5, 3), new SplittableRandom(1)));
        Layer valid = Layers.conv2dTranspose(2, 3).withStrides(2).create("b");
        assertEquals(Shape.of(9, 11, 2), valid.build(Shape.of(4, 5, 3), new SplittableRandom(1)));
        Layer open = Layers.conv2dTranspose(2, 3).withStrides(2).create("c");
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 2),
                open.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3), new SplittableRandom(1)));
        assertEquals(Shape.of(1, 5, 7, 2), open.call(Tensor.zeros(Shape.of(1, 2, 3, 3))).shape());
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        Layer layer = Layers.conv2dTranspose(2, 3).create("deconv_a");
        layer.build(Shape.of(4, 4, 3), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(2, 4, 4, 5))));
        assertEquals("Layer 'deconv_a' input 0: expected shape [null, 4, 4, 3] [batch, height, width, channels], found "
                + "shape [2, 4, 4, 5]", e.getMessage());
        // An even kernel with same padding and output padding 0 gives 2*in - 2 rows, which convolve back to in - 1.
        e = assertThrows(IncompatibleShapeException.class, () -> Layers.conv2dTranspose(2, 4).withStrides(2)
                .withPadding(Padding.SAME).withOutputPadding(new Conv2DTransposeConfig.OutputPadding(0, 0))
                .create("deconv_b").build(Shape.of(3, 3, 1), new SplittableRandom(1)));
        assertEquals("Layer 'deconv_b' input 0: expected shape [null, 3, 3, 1] [batch, height, width, channels] "
                + "(Conv2DTranspose output 4x4 does not convolve back to the input's 3x3 pixels with this window; "
                + "TensorFlow refuses it too: change the output padding), found shape [null, 3, 3, 1]", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Layers.conv2dTranspose(2, 3)
                .withStrides(2).withOutputPadding(new Conv2DTransposeConfig.OutputPadding(2, 0)));
        assertEquals("Conv2DTranspose output padding [2, 0] must be smaller than the strides [2, 2]", bad.getMessage());
    }
}
