package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.activations.Activation;
import dev.engram.regularizers.Regularizers;
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
 * Conv2D: forward and gradients (input, kernel, bias) against a direct double-precision convolution
 * written from the Keras padding formulas (not from {@link Conv2DWindow}), for valid and same padding,
 * strides and dilation per axis, non-square kernels, 1x1 kernels (the no-im2col path), no bias,
 * channels-first, batch 1; a batch split into several im2col chunks equals the sample-by-sample
 * result; shapes and messages.
 */
class Conv2DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.conv2d(4, 3, 2).inputShape(6, 5, 2), Shape.of(4, 4, 4), weight("kernel", 3, 2, 2, 4),
                weight("bias", 4));
    }

    /** One case: sizes, window and options. */
    record Case(int batch, int height, int width, int channels, int filters, int kh, int kw, int sh, int sw, int dh,
            int dw, Padding padding, DataFormat format, String activation, boolean bias) {

        Conv2DConfig config() {
            return Layers.conv2d(filters, kh, kw).withStrides(sh, sw).withDilationRate(dh, dw).withPadding(padding)
                    .withDataFormat(format).withActivation(ActivationTestCases.named(activation)).withUseBias(bias);
        }

        int outH() {
            return referenceOut(height, kh, sh, dh, padding);
        }

        int outW() {
            return referenceOut(width, kw, sw, dw, padding);
        }

        Shape sample() {
            return format == DataFormat.CHANNELS_LAST ? Shape.of(height, width, channels)
                    : Shape.of(channels, height, width);
        }
    }

    static Stream<Arguments> cases() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        return Stream.of(
                new Case(2, 6, 5, 3, 4, 3, 3, 1, 1, 1, 1, Padding.VALID, last, "tanh", true),
                new Case(1, 7, 6, 2, 3, 3, 2, 2, 1, 1, 1, Padding.SAME, last, "linear", true),
                new Case(2, 7, 7, 2, 2, 3, 3, 1, 1, 2, 1, Padding.SAME, last, "sigmoid", false),
                new Case(2, 8, 6, 2, 3, 2, 3, 1, 1, 1, 2, Padding.VALID, last, "relu", true),
                new Case(1, 5, 6, 3, 2, 4, 4, 2, 3, 1, 1, Padding.SAME, last, "linear", true),
                new Case(2, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, Padding.VALID, last, "elu", true),
                new Case(2, 5, 4, 3, 2, 1, 1, 2, 2, 1, 1, Padding.SAME, last, "linear", true),
                new Case(2, 6, 5, 3, 4, 3, 2, 2, 1, 1, 1, Padding.SAME, DataFormat.CHANNELS_FIRST, "tanh", true),
                new Case(1, 5, 5, 2, 3, 2, 2, 1, 1, 1, 1, Padding.VALID, DataFormat.CHANNELS_FIRST, "linear", false))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchADirectConvolution(Case c) {
        Layer layer = c.config().create("conv");
        Shape out = layer.build(c.sample(), new SplittableRandom(3));
        Tensor x = Tensor.wrap(c.sample().prepend(c.batch()), randomFloats(c.batch() * c.sample().size(), 7, 1.2));
        Shape expected = c.format() == DataFormat.CHANNELS_LAST ? Shape.of(c.outH(), c.outW(), c.filters())
                : Shape.of(c.filters(), c.outH(), c.outW());
        assertEquals(expected, out);
        var pass = LayerGradientCheck.check("conv2d " + c, layer, x, null, LayerGradientCheck.Options.RANDOM_PARAMETERS,
                a -> List.of(reference(a[0], a[1], c.bias() ? a[2] : null, c)));
        assertEquals(expected.prepend(c.batch()), pass.output().shape());
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    /** Output size from the Keras formulas, written out independently of {@link Padding}. */
    static int referenceOut(int size, int k, int s, int d, Padding padding) {
        int effective = (k - 1) * d + 1;
        return padding == Padding.VALID ? (int) Math.ceil((size - effective + 1) / (double) s)
                : (int) Math.ceil(size / (double) s);
    }

    private static int referencePad(int size, int out, int k, int s, int d, Padding padding) {
        return padding == Padding.VALID ? 0 : Math.max((out - 1) * s + (k - 1) * d + 1 - size, 0) / 2;
    }

    /** The convolution in double, in the case's data format. */
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
        Activation a = ActivationTestCases.named(c.activation());
        double[] y = new double[c.batch() * oh * ow * f];
        for (int b = 0; b < c.batch(); b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < f; o++) {
                        double z = bias == null ? 0 : bias[o];
                        for (int p = 0; p < c.kh(); p++) {
                            for (int q = 0; q < c.kw(); q++) {
                                int r = i * c.sh() - top + p * c.dh();
                                int col = j * c.sw() - left + q * c.dw();
                                if (r < 0 || r >= h || col < 0 || col >= w) {
                                    continue;
                                }
                                for (int k = 0; k < ch; k++) {
                                    int xi = last ? ((b * h + r) * w + col) * ch + k : ((b * ch + k) * h + r) * w + col;
                                    z += x[xi] * kernel[((p * c.kw() + q) * ch + k) * f + o];
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

    @Test
    void aBatchInSeveralIm2colChunksEqualsEachSampleAlone() {
        // 48x48 pixels of a 3x3x16 window: 331,776 column floats per sample, so 8 samples take 2 chunks (6 + 2).
        Layer layer = Layers.conv2d(5, 3).withPadding(Padding.SAME).withActivation(ActivationTestCases.named("tanh"))
                .create("big");
        layer.build(Shape.of(48, 48, 16), new SplittableRandom(5));
        int batch = 8;
        int sample = 48 * 48 * 16;
        Tensor x = Tensor.wrap(Shape.of(batch, 48, 48, 16), randomFloats(batch * sample, 11, 1));
        var pass = layer.forward(x, new TrainingContext(new SplittableRandom(1)));
        Tensor dy = Tensor.wrap(pass.output().shape(), randomFloats(pass.output().size(), 12, 1));
        float[] dx = pass.backward(dy).buffer();
        float[] dKernel = layer.parameters().get(0).grad().clone();
        float[] dBias = layer.parameters().get(1).grad().clone();
        float[] sumKernel = new float[dKernel.length];
        float[] sumBias = new float[dBias.length];
        int outSample = pass.output().size() / batch;
        for (int b = 0; b < batch; b++) {
            layer.parameters().forEach(Parameter::zeroGrad);
            Tensor xb = Tensor.wrap(Shape.of(1, 48, 48, 16), java.util.Arrays.copyOfRange(x.buffer(), b * sample,
                    (b + 1) * sample));
            var one = layer.forward(xb, new TrainingContext(new SplittableRandom(1)));
            assertClose("output of sample " + b, java.util.Arrays.copyOfRange(pass.output().buffer(), b * outSample,
                    (b + 1) * outSample), one.output().buffer(), 1e-6, 1e-6);
            float[] dxb = one.backward(Tensor.wrap(one.output().shape(), java.util.Arrays.copyOfRange(dy.buffer(),
                    b * outSample, (b + 1) * outSample))).buffer();
            assertClose("dx of sample " + b, java.util.Arrays.copyOfRange(dx, b * sample, (b + 1) * sample), dxb, 1e-5,
                    1e-6);
            add(sumKernel, layer.parameters().get(0).grad());
            add(sumBias, layer.parameters().get(1).grad());
        }
        // Summation order differs between one GEMM over the batch and a sum of per-sample GEMMs.
        assertClose("dKernel", sumKernel, dKernel, 1e-4, 1e-4);
        assertClose("dBias", sumBias, dBias, 1e-4, 1e-4);
    }

    private static void add(float[] into, float[] v) {
        for (int i = 0; i < v.length; i++) {
            into[i] += v[i];
        }
    }

    @Test
    void unknownHeightAndWidthAcceptAnySize() {
        Layer layer = Layers.conv2d(2, 3).withStrides(2).withPadding(Padding.SAME).create("conv");
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 2),
                layer.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3), new SplittableRandom(1)));
        assertEquals(Shape.of(1, 3, 4, 2), layer.call(Tensor.zeros(Shape.of(1, 5, 7, 3))).shape());
        assertEquals(Shape.of(2, 4, 1, 2), layer.call(Tensor.zeros(Shape.of(2, 8, 1, 3))).shape());
    }

    @Test
    void defaultsAreTfjs() {
        Conv2DConfig c = Layers.conv2d(4, 3);
        assertEquals(new Conv2DWindow(3, 3, 1, 1, 1, 1, Padding.VALID), c.window());
        assertEquals(DataFormat.CHANNELS_LAST, c.dataFormat());
        assertEquals(true, c.useBias());
        assertEquals("linear", c.activation().name());
        Layer layer = c.withKernelRegularizer(Regularizers.l2(0.01)).create("conv2d");
        layer.build(Shape.of(10, 9, 2), new SplittableRandom(1));
        assertEquals(Shape.of(3, 3, 2, 4), layer.parameters().get(0).shape());
        assertEquals(Shape.of(4), layer.parameters().get(1).shape());
        assertEquals(true, layer.parameters().get(0).regularizer().isPresent());
    }

    @Test
    void errorsNameTheLayerAndBothShapes() {
        Layer layer = Layers.conv2d(2, 3).create("conv_a");
        layer.build(Shape.of(5, 5, 3), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(2, 5, 5, 4))));
        assertEquals("Layer 'conv_a' input 0: expected shape [null, 5, 5, 3] [batch, height, width, channels], found "
                + "shape [2, 5, 5, 4]", e.getMessage());
        assertThrows(IncompatibleShapeException.class, () -> layer.call(Tensor.zeros(Shape.of(2, 25, 3))));

        Layer open = Layers.conv2d(2, 3).withDilationRate(2, 1).create("conv_b");
        open.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3), new SplittableRandom(1));
        e = assertThrows(IncompatibleShapeException.class, () -> open.call(Tensor.zeros(Shape.of(1, 4, 9, 3))));
        assertEquals("Layer 'conv_b' input 0: expected shape [null, 5, 3, 3] [batch, height, width, channels] (a valid "
                + "Conv2D with kernel 3x3 and dilation 2x1 needs at least 5x3 pixels), found shape [1, 4, 9, 3]",
                e.getMessage());

        e = assertThrows(IncompatibleShapeException.class,
                () -> Layers.conv2d(2, 3).create("conv_c").build(Shape.of(7, 3), new SplittableRandom(1)));
        assertEquals("Layer 'conv_c' input 0: expected shape [null, null, null, null] [batch, height, width, channels] "
                + "with known channels (Conv2D), found shape [null, 7, 3]", e.getMessage());
        e = assertThrows(IncompatibleShapeException.class, () -> Layers.conv2d(2, 3)
                .withDataFormat(DataFormat.CHANNELS_FIRST).create("conv_d").build(Shape.of(3, 2, 9), new SplittableRandom(1)));
        assertEquals("Layer 'conv_d' input 0: expected shape [null, 3, 3, 3] [batch, channels, height, width] (a valid "
                + "Conv2D with kernel 3x3 and dilation 1x1 needs at least 3x3 pixels), found shape [null, 3, 2, 9]",
                e.getMessage());
    }

    @Test
    void configValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv2d(2, 3).withStrides(1, 2).withDilationRate(2, 1));
        assertEquals("strides [1, 2] and dilation rate [2, 1] cannot both be > 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Layers.conv2d(2, 3).withPadding(Padding.CAUSAL));
        assertEquals("causal padding is for 1-D convolutions only; use valid or same", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.conv2d(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.conv2d(2, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.conv2d(2, 3).withStrides(0));
    }
}
