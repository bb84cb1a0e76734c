package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.ReferenceConvLstm2d;
import dev.engram.testing.ReferenceConvLstm2d.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ConvLSTM2D against a double reference with direct convolution loops: outputs, final states, the
 * input gradient, the three weight gradients and the initial-state gradients, over strides, same
 * padding, dilation, channels first, goBackwards, returnSequences, masks, T=1 and batch 1.
 */
class ConvLstm2DTest extends LayerContractTest {
    private static final Activation ACT = Activations.tanh();
    private static final Activation REC = Activations.sigmoid();

    @Override
    protected Spec spec() {
        return spec(Layers.convLstm2d(3, 2, 2).inputShape(3, 5, 4, 2), Shape.of(4, 3, 3),
                weight("kernel", 2, 2, 2, 12), weight("recurrentKernel", 2, 2, 3, 12), weight("bias", 12));
    }

    static Stream<Arguments> cases() {
        // kh, kw, sh, sw, dh, dw, same, channelsFirst, seq, back, state, masked, B, T, H, W, C, F
        return Stream.of(
                Arguments.of(new int[] {2, 2, 1, 1, 1, 1}, false, false, false, false, false, false, 2, 3, 4, 3, 2, 2),
                Arguments.of(new int[] {3, 2, 2, 1, 1, 1}, true, false, true, false, true, false, 1, 2, 5, 4, 2, 2),
                Arguments.of(new int[] {2, 3, 1, 1, 2, 1}, false, true, true, true, false, true, 2, 3, 5, 4, 1, 3),
                Arguments.of(new int[] {3, 3, 1, 1, 1, 1}, true, true, false, true, true, true, 2, 1, 3, 3, 2, 1),
                Arguments.of(new int[] {1, 2, 1, 2, 1, 1}, true, false, true, true, true, true, 3, 4, 2, 5, 2, 2));
    }

    @ParameterizedTest(name = "{index}: same={1} channelsFirst={2} seq={3} back={4} state={5} mask={6}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(int[] w, boolean same, boolean channelsFirst, boolean seq, boolean back,
            boolean state, boolean masked, int batch, int steps, int height, int width, int channels, int filters) {
        ConvLstm2DConfig config = Layers.convLstm2d(filters, w[0], w[1]).withStrides(w[2], w[3])
                .withDilationRate(w[4], w[5]).withPadding(same ? Padding.SAME : Padding.VALID)
                .withDataFormat(channelsFirst ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST)
                .withReturnSequences(seq).withGoBackwards(back).withReturnState(state).withActivation(ACT)
                .withRecurrentActivation(REC);
        Layer layer = config.create("conv_lstm");
        Geometry geo = new Geometry(w[0], w[1], w[2], w[3], w[4], w[5], same);
        Shape in = channelsFirst ? Shape.of(steps, channels, height, width) : Shape.of(steps, height, width, channels);
        List<Shape> shapes = new ArrayList<>(List.of(in));
        Shape out = layer.buildAll(List.of(in), new SplittableRandom(2)).get(0);
        Shape map = seq ? out.dropFirst() : out;
        int oh = channelsFirst ? map.dim(1) : map.dim(0);
        int ow = channelsFirst ? map.dim(2) : map.dim(1);
        if (state) {
            layer = config.create("conv_lstm");
            shapes.add(map);
            shapes.add(map);
            layer.buildAll(shapes, new SplittableRandom(2));
        }
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.wrap(in.prepend(batch), randomFloats(batch * in.size(), 3, 1.0)));
        for (int i = 1; i < shapes.size(); i++) {
            inputs.add(Tensor.wrap(map.prepend(batch), randomFloats(batch * map.size(), 10 + i, 0.8)));
        }
        float[] m = new float[batch * steps];
        for (int i = 0; i < m.length; i++) {
            m[i] = masked && i % 3 == 1 ? 0f : 1f;
        }
        Tensor mask = masked ? Tensor.wrap(Shape.of(batch, steps), m) : null;
        int hw = height * width;
        int ohw = oh * ow;
        LayerGradientCheck.check("conv_lstm2d", layer, inputs, mask, Options.randomParameters(71, 0.5), a -> {
            double[] x = channelsFirst ? toLast(a[0], batch * steps, channels, hw) : a[0];
            double[] h0 = state ? (channelsFirst ? toLast(a[4], batch, filters, ohw) : a[4]) : null;
            double[] c0 = state ? (channelsFirst ? toLast(a[5], batch, filters, ohw) : a[5]) : null;
            double[] dm = null;
            if (masked) {
                dm = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    dm[i] = m[i];
                }
            }
            List<double[]> r = ReferenceConvLstm2d.run(x, batch, steps, height, width, channels, filters, geo, a[1], a[2],
                    a[3], h0, c0, dm, null, null, back, seq, ACT::value, REC::value);
            List<double[]> outs = new ArrayList<>();
            outs.add(channelsFirst ? toFirst(r.get(0), seq ? batch * steps : batch, filters, ohw) : r.get(0));
            if (state) {
                outs.add(channelsFirst ? toFirst(r.get(1), batch, filters, ohw) : r.get(1));
                outs.add(channelsFirst ? toFirst(r.get(2), batch, filters, ohw) : r.get(2));
            }
            return outs;
        });
    }

    /**
     * Training-mode dropout: the layer draws 4 input masks then 4 recurrent masks from the context's
     * generator (nextFloat &lt; keep); the reference applies the same masks per gate.
     */
    @ParameterizedTest(name = "dropout {0}, recurrent dropout {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0.3, 0", "0, 0.4", "0.25, 0.35"})
    void dropoutMasksOneGateAtATime(double rate, double recRate) {
        int batch = 2;
        int steps = 2;
        int height = 4;
        int width = 3;
        int channels = 2;
        int filters = 2;
        ConvLstm2DConfig config = Layers.convLstm2d(filters, 2, 2).withPadding(Padding.SAME).withActivation(ACT)
                .withRecurrentActivation(REC).withReturnSequences(true).withDropout(rate).withRecurrentDropout(recRate);
        Layer layer = config.create("drop");
        Shape in = Shape.of(steps, height, width, channels);
        layer.build(in, new SplittableRandom(5));
        Tensor x = Tensor.wrap(in.prepend(batch), randomFloats(batch * in.size(), 7, 1.0));
        Options options = Options.randomParameters(71, 0.5).withTrainingSeed(13);
        SplittableRandom draw = new SplittableRandom(13);
        int per = height * width * filters;
        double[][] inMasks = rate > 0 ? masks(draw, batch * height * width * channels, rate) : null;
        double[][] recMasks = recRate > 0 ? masks(draw, batch * per, recRate) : null;
        Geometry geo = new Geometry(2, 2, 1, 1, 1, 1, true);
        LayerGradientCheck.check("dropout", layer, x, null, options, a -> ReferenceConvLstm2d.run(a[0], batch, steps,
                height, width, channels, filters, geo, a[1], a[2], a[3], null, null, null, inMasks, recMasks, false,
                true, ACT::value, REC::value).subList(0, 1));
    }

    private static double[][] masks(SplittableRandom r, int n, double rate) {
        double[][] m = new double[4][n];
        float keep = (float) (1 - rate);
        for (double[] gate : m) {
            for (int i = 0; i < n; i++) {
                gate[i] = r.nextFloat() < keep ? 1f / keep : 0f;
            }
        }
        return m;
    }

    private static double[] toLast(double[] v, int images, int channels, int pixels) {
        double[] out = new double[v.length];
        for (int n = 0; n < images; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < pixels; p++) {
                    out[(n * pixels + p) * channels + c] = v[(n * channels + c) * pixels + p];
                }
            }
        }
        return out;
    }

    private static double[] toFirst(double[] v, int images, int channels, int pixels) {
        double[] out = new double[v.length];
        for (int n = 0; n < images; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < pixels; p++) {
                    out[(n * channels + c) * pixels + p] = v[(n * pixels + p) * channels + c];
                }
            }
        }
        return out;
    }

    @Test
    void statefulCarriesStatesUntilReset() {
        ConvLstm2D layer = (ConvLstm2D) Layers.convLstm2d(2, 2, 2).withStateful(true).create("s");
        layer.build(Shape.of(2, 3, 3, 1), new SplittableRandom(4));
        Tensor x = Tensor.wrap(Shape.of(2, 2, 3, 3, 1), randomFloats(36, 2, 1.0));
        float[] first = layer.call(x).toArray();
        assertTrue(!java.util.Arrays.equals(first, layer.call(x).toArray()));
        layer.resetStates();
        assertArrayEquals(first, layer.call(x).toArray());
    }

    @Test
    void refusesWhatItCannotComputeWithPreciseMessages() {
        IllegalArgumentException drop = assertThrows(IllegalArgumentException.class,
                () -> Layers.convLstm2d(2, 3, 3).withSettings(RecurrentSettings.of(2).edit(s -> s.dropout = 1.0)));
        assertEquals("ConvLSTM2D dropout and recurrentDropout must be in [0, 1), got 1.0 and 0.0", drop.getMessage());
        Layer small = Layers.convLstm2d(2, 3, 3).create("c");
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> small.build(Shape.of(4, 2, 5, 1), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("valid input convolution of ConvLSTM2D leaves no output pixel"),
                e.getMessage());
        assertEquals("c", e.layerName());
    }
}
