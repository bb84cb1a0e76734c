package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activation;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ActivationTestCases;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv3D: forward and gradients (input, kernel, bias) against a direct double-precision convolution
 * written from the Keras padding formulas, for valid and same padding (odd padding split with the
 * extra cell at the end), strides and dilation per axis, non-cubic kernels, 1x1x1 kernels (the
 * no-im2col path), no bias, channels-first, channel groups; a batch split into several im2col chunks equals the
 * sample-by-sample result; shapes and messages.
 */
class Conv3DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.conv3d(3, 2, 3, 2).inputShape(4, 5, 3, 2), Shape.of(3, 3, 2, 3),
                weight("kernel", 2, 3, 2, 2, 3), weight("bias", 3));
    }

    /** One case: sizes, window and options. */
    record Case(int batch, int[] size, int channels, int filters, int[] k, int[] s, int[] d, Padding padding,
            DataFormat format, String activation, boolean bias, int groups) {

        Case(int batch, int[] size, int channels, int filters, int[] k, int[] s, int[] d, Padding padding,
                DataFormat format, String activation, boolean bias) {
            this(batch, size, channels, filters, k, s, d, padding, format, activation, bias, 1);
        }

        Conv3DConfig config() {
            return Layers.conv3d(filters, k[0], k[1], k[2]).withStrides(s[0], s[1], s[2])
                    .withDilationRate(d[0], d[1], d[2]).withPadding(padding).withDataFormat(format)
                    .withActivation(ActivationTestCases.named(activation)).withUseBias(bias).withGroups(groups);
        }

        int out(int axis) {
            return Conv2DTest.referenceOut(size[axis], k[axis], s[axis], d[axis], padding);
        }

        Shape sample() {
            return format == DataFormat.CHANNELS_LAST ? Shape.of(size[0], size[1], size[2], channels)
                    : Shape.of(channels, size[0], size[1], size[2]);
        }

        @Override
        public String toString() {
            return "batch " + batch + " size " + Arrays.toString(size) + "x" + channels + " filters " + filters
                    + " k " + Arrays.toString(k) + " s " + Arrays.toString(s) + " d " + Arrays.toString(d) + " "
                    + padding + " " + format + " " + activation + (bias ? "" : " no bias")
                    + (groups == 1 ? "" : " groups " + groups);
        }
    }

    private static int[] v(int... x) {
        return x;
    }

    static Stream<Arguments> cases() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        DataFormat first = DataFormat.CHANNELS_FIRST;
        return Stream.of(
                new Case(2, v(4, 5, 4), 2, 3, v(2, 3, 2), v(1, 1, 1), v(1, 1, 1), Padding.VALID, last, "tanh", true),
                new Case(1, v(5, 4, 6), 2, 2, v(2, 3, 2), v(2, 1, 2), v(1, 1, 1), Padding.SAME, last, "linear", true),
                new Case(2, v(5, 5, 4), 2, 2, v(3, 2, 2), v(1, 1, 1), v(2, 1, 2), Padding.SAME, last, "sigmoid",
                        false),
                new Case(1, v(6, 5, 5), 1, 2, v(2, 2, 2), v(1, 1, 1), v(2, 2, 1), Padding.VALID, last, "relu", true),
                new Case(1, v(5, 6, 5), 2, 2, v(4, 4, 4), v(2, 3, 2), v(1, 1, 1), Padding.SAME, last, "linear", true),
                new Case(2, v(3, 4, 2), 3, 2, v(1, 1, 1), v(1, 1, 1), v(1, 1, 1), Padding.VALID, last, "elu", true),
                new Case(2, v(3, 4, 3), 3, 2, v(1, 1, 1), v(2, 2, 2), v(1, 1, 1), Padding.SAME, last, "linear", true),
                new Case(2, v(4, 5, 3), 3, 2, v(3, 2, 2), v(2, 1, 1), v(1, 1, 1), Padding.SAME, first, "tanh", true),
                new Case(1, v(3, 4, 4), 2, 3, v(2, 2, 2), v(1, 1, 1), v(1, 1, 1), Padding.VALID, first, "linear",
                        false),
                new Case(2, v(4, 5, 4), 4, 6, v(2, 3, 2), v(2, 1, 1), v(1, 1, 1), Padding.SAME, last, "tanh", true, 2),
                new Case(1, v(5, 4, 5), 4, 2, v(2, 2, 2), v(1, 1, 1), v(2, 1, 2), Padding.SAME, last, "relu", true, 2),
                new Case(1, v(4, 4, 5), 3, 3, v(2, 2, 3), v(1, 1, 1), v(1, 1, 1), Padding.VALID, first, "linear",
                        true, 3),
                new Case(2, v(3, 4, 3), 6, 4, v(1, 1, 1), v(1, 1, 1), v(1, 1, 1), Padding.VALID, last, "linear",
                        false, 2))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchADirectConvolution(Case c) {
        Layer layer = c.config().create("conv");
        Shape out = layer.build(c.sample(), new SplittableRandom(3));
        Tensor x = Tensor.wrap(c.sample().prepend(c.batch()), randomFloats(c.batch() * c.sample().size(), 7, 1.2));
        Shape expected = c.format() == DataFormat.CHANNELS_LAST ? Shape.of(c.out(0), c.out(1), c.out(2), c.filters())
                : Shape.of(c.filters(), c.out(0), c.out(1), c.out(2));
        assertEquals(expected, out);
        var pass = LayerGradientCheck.check("conv3d " + c, layer, x, null, LayerGradientCheck.Options.RANDOM_PARAMETERS,
                a -> List.of(reference(a[0], a[1], c.bias() ? a[2] : null, c)));
        assertEquals(expected.prepend(c.batch()), pass.output().shape());
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }

    /** Leading zero padding from the TF rule (the odd cell goes at the end), written out independently. */
    private static int referencePad(Case c, int axis) {
        if (c.padding() == Padding.VALID) {
            return 0;
        }
        int total = (c.out(axis) - 1) * c.s()[axis] + (c.k()[axis] - 1) * c.d()[axis] + 1 - c.size()[axis];
        return Math.max(total, 0) / 2;
    }

    /** The convolution in double, in the case's data format. */
    static double[] reference(double[] x, double[] kernel, double[] bias, Case c) {
        boolean last = c.format() == DataFormat.CHANNELS_LAST;
        int[] n = c.size();
        int[] o = {c.out(0), c.out(1), c.out(2)};
        int[] pad = {referencePad(c, 0), referencePad(c, 1), referencePad(c, 2)};
        int ch = c.channels();
        int f = c.filters();
        int cg = ch / c.groups();
        int fg = f / c.groups();
        int[] k = c.k();
        Activation a = ActivationTestCases.named(c.activation());
        double[] y = new double[c.batch() * o[0] * o[1] * o[2] * f];
        int[] at = new int[3];
        for (int b = 0; b < c.batch(); b++) {
            for (int t = 0; t < o[0]; t++) {
                for (int i = 0; i < o[1]; i++) {
                    for (int j = 0; j < o[2]; j++) {
                        for (int q = 0; q < f; q++) {
                            double z = bias == null ? 0 : bias[q];
                            for (int p0 = 0; p0 < k[0]; p0++) {
                                for (int p1 = 0; p1 < k[1]; p1++) {
                                    for (int p2 = 0; p2 < k[2]; p2++) {
                                        at[0] = t * c.s()[0] - pad[0] + p0 * c.d()[0];
                                        at[1] = i * c.s()[1] - pad[1] + p1 * c.d()[1];
                                        at[2] = j * c.s()[2] - pad[2] + p2 * c.d()[2];
                                        if (at[0] < 0 || at[0] >= n[0] || at[1] < 0 || at[1] >= n[1] || at[2] < 0
                                                || at[2] >= n[2]) {
                                            continue;
                                        }
                                        int voxel = (at[0] * n[1] + at[1]) * n[2] + at[2];
                                        int tap = (p0 * k[1] + p1) * k[2] + p2;
                                        int g = q / fg; // filter q reads only its group's channels
                                        for (int m = g * cg; m < (g + 1) * cg; m++) {
                                            int xi = last ? (b * n[0] * n[1] * n[2] + voxel) * ch + m
                                                    : (b * ch + m) * n[0] * n[1] * n[2] + voxel;
                                            z += x[xi] * kernel[(tap * cg + m - g * cg) * f + q];
                                        }
                                    }
                                }
                            }
                            int outVoxel = (t * o[1] + i) * o[2] + j;
                            int yi = last ? (b * o[0] * o[1] * o[2] + outVoxel) * f + q
                                    : (b * f + q) * o[0] * o[1] * o[2] + outVoxel;
                            y[yi] = a.value(z);
                        }
                    }
                }
            }
        }
        return y;
    }

    @Test
    void aBatchInSeveralIm2colChunksEqualsEachSampleAlone() {
        // 16x16x16 voxels of a 3x3x3x8 window: 884,736 column floats per sample, so 3 samples take 2 chunks (2 + 1).
        Layer layer = Layers.conv3d(4, 3).withPadding(Padding.SAME).withActivation(ActivationTestCases.named("tanh"))
                .create("big");
        layer.build(Shape.of(16, 16, 16, 8), new SplittableRandom(5));
        int batch = 3;
        int sample = 16 * 16 * 16 * 8;
        Tensor x = Tensor.wrap(Shape.of(batch, 16, 16, 16, 8), randomFloats(batch * sample, 11, 1));
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
            Tensor xb = Tensor.wrap(Shape.of(1, 16, 16, 16, 8), Arrays.copyOfRange(x.buffer(), b * sample,
                    (b + 1) * sample));
            var one = layer.forward(xb, new TrainingContext(new SplittableRandom(1)));
            assertClose("output of sample " + b, Arrays.copyOfRange(pass.output().buffer(), b * outSample,
                    (b + 1) * outSample), one.output().buffer(), 1e-6, 1e-6);
            float[] dxb = one.backward(Tensor.wrap(one.output().shape(), Arrays.copyOfRange(dy.buffer(),
                    b * outSample, (b + 1) * outSample))).buffer();
            assertClose("dx of sample " + b, Arrays.copyOfRange(dx, b * sample, (b + 1) * sample), dxb, 1e-5, 1e-6);
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
    void unknownSpatialSizesAcceptAnySize() {
        Layer layer = Layers.conv3d(2, 3).withStrides(2).withPadding(Padding.SAME).create("conv");
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 2),
                layer.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 3), new SplittableRandom(1)));
        assertEquals(Shape.of(1, 2, 3, 4, 2), layer.call(Tensor.zeros(Shape.of(1, 3, 5, 7, 3))).shape());
        assertEquals(Shape.of(2, 4, 1, 1, 2), layer.call(Tensor.zeros(Shape.of(2, 8, 1, 2, 3))).shape());
    }

    @Test
    void defaultsAreTfjs() {
        Conv3DConfig c = Layers.conv3d(4, 3);
        assertEquals(new Conv3DWindow(3, 3, 3, 1, 1, 1, 1, 1, 1, Padding.VALID), c.window());
        assertEquals(DataFormat.CHANNELS_LAST, c.dataFormat());
        assertEquals(true, c.useBias());
        assertEquals("linear", c.activation().name());
        Layer layer = c.withKernelRegularizer(Regularizers.l2(0.01)).create("conv3d");
        layer.build(Shape.of(5, 6, 7, 2), new SplittableRandom(1));
        assertEquals(Shape.of(3, 3, 3, 2, 4), layer.parameters().get(0).shape());
        assertEquals(Shape.of(4), layer.parameters().get(1).shape());
        assertEquals(true, layer.parameters().get(0).regularizer().isPresent());
    }

    @Test
    void errorsNameTheLayerAndBothShapes() {
        Layer layer = Layers.conv3d(2, 3).create("conv_a");
        layer.build(Shape.of(4, 5, 5, 3), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(2, 4, 5, 5, 4))));
        assertEquals("Layer 'conv_a' input 0: expected shape [null, 4, 5, 5, 3] [batch, depth, height, width, "
                + "channels], found shape [2, 4, 5, 5, 4]", e.getMessage());
        assertThrows(IncompatibleShapeException.class, () -> layer.call(Tensor.zeros(Shape.of(2, 5, 5, 3))));

        Layer open = Layers.conv3d(2, 3).withDilationRate(1, 2, 1).create("conv_b");
        open.build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 3), new SplittableRandom(1));
        e = assertThrows(IncompatibleShapeException.class, () -> open.call(Tensor.zeros(Shape.of(1, 3, 4, 9, 3))));
        assertEquals("Layer 'conv_b' input 0: expected shape [null, 3, 5, 3, 3] [batch, depth, height, width, "
                + "channels] (a valid Conv3D with kernel 3x3x3 and dilation 1x2x1 needs at least 3x5x3 voxels), found "
                + "shape [1, 3, 4, 9, 3]", e.getMessage());

        e = assertThrows(IncompatibleShapeException.class,
                () -> Layers.conv3d(2, 3).create("conv_c").build(Shape.of(7, 7, 3), new SplittableRandom(1)));
        assertEquals("Layer 'conv_c' input 0: expected shape [null, null, null, null, null] [batch, depth, height, "
                + "width, channels] with known channels (Conv3D), found shape [null, 7, 7, 3]", e.getMessage());
        e = assertThrows(IncompatibleShapeException.class, () -> Layers.conv3d(2, 3)
                .withDataFormat(DataFormat.CHANNELS_FIRST).create("conv_d")
                .build(Shape.of(3, 2, 9, 9), new SplittableRandom(1)));
        assertEquals("Layer 'conv_d' input 0: expected shape [null, 3, 3, 3, 3] [batch, channels, depth, height, "
                + "width] (a valid Conv3D with kernel 3x3x3 and dilation 1x1x1 needs at least 3x3x3 voxels), found "
                + "shape [null, 3, 2, 9, 9]", e.getMessage());
    }

    @Test
    void configValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv3d(2, 3).withStrides(1, 1, 2).withDilationRate(2, 1, 1));
        assertEquals("strides [1, 1, 2] and dilation rate [2, 1, 1] cannot both be > 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Layers.conv3d(2, 3).withPadding(Padding.CAUSAL));
        assertEquals("causal padding is for 1-D convolutions only; use valid or same", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.conv3d(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.conv3d(2, 3, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.conv3d(2, 3).withStrides(0));
    }

    @Test
    void groupsMustDivideTheFiltersAndTheChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.conv3d(3, 2).withGroups(2));
        assertEquals("Conv3D groups must be > 0 and divide the 3 filters, got 2", e.getMessage());
        Layer layer = Layers.conv3d(4, 2).withGroups(2).create("g3d");
        e = assertThrows(IllegalArgumentException.class, () -> layer.build(Shape.of(3, 3, 3, 3), new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("Layer 'g3d' (Conv3D): 2 groups do not divide the 3 input channels of "),
                e.getMessage());
    }
}
