package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GlobalAveragePooling1D (with and without a mask) and GlobalMaxPooling1D: forward and input
 * gradients against double references, batch 1, mask consumption and rejection, messages.
 */
class GlobalPooling1DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.globalAveragePooling1d().inputShape(5, 3), Shape.of(3));
    }

    private static Layer built(GlobalPooling1DConfig config, int steps, int features) {
        Layer layer = config.create("pool");
        assertEquals(Shape.of(features), layer.build(Shape.of(steps, features), new SplittableRandom(1)));
        return layer;
    }

    /** A mask with ragged lengths: sample b keeps its first steps - b steps (at least 1), plus a hole at step 1 for b = 1. */
    private static Tensor mask(int batch, int steps) {
        float[] m = new float[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < Math.max(1, steps - b); t++) {
                m[b * steps + t] = 1;
            }
        }
        if (batch > 1 && steps > 2) {
            m[steps + 1] = 0;
        }
        return Tensor.wrap(Shape.of(batch, steps), m);
    }

    static double[] average(double[] x, float[] mask, int batch, int steps, int features) {
        double[] y = new double[batch * features];
        for (int b = 0; b < batch; b++) {
            double n = 0;
            for (int t = 0; t < steps; t++) {
                double m = mask == null ? 1 : mask[b * steps + t];
                n += m;
                for (int f = 0; f < features; f++) {
                    y[b * features + f] += m * x[(b * steps + t) * features + f];
                }
            }
            for (int f = 0; f < features; f++) {
                y[b * features + f] /= n;
            }
        }
        return y;
    }

    static double[] max(double[] x, int batch, int steps, int features) {
        double[] y = new double[batch * features];
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < features; f++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < steps; t++) {
                    m = Math.max(m, x[(b * steps + t) * features + f]);
                }
                y[b * features + f] = m;
            }
        }
        return y;
    }

    @ParameterizedTest(name = "average B{0} T{1} F{2} masked={3}")
    @CsvSource({"1, 4, 3, false", "3, 5, 2, false", "1, 4, 3, true", "3, 5, 2, true", "2, 1, 4, true"})
    void averageMatchesTheReference(int batch, int steps, int features, boolean masked) {
        Layer layer = built(Layers.globalAveragePooling1d(), steps, features);
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 3, 1.5));
        Tensor m = masked ? mask(batch, steps) : null;
        LayerGradientCheck.check("average", layer, x, m,
                (xd, p) -> average(xd, m == null ? null : m.buffer(), batch, steps, features));
        assertNull(layer.computeMask(List.of(x), m), "the pooled output carries no mask");
        double[] expected = average(dev.engram.testing.Numeric.toDouble(x.buffer()), m == null ? null : m.buffer(),
                batch, steps, features);
        dev.engram.testing.Numeric.assertClose("inference", expected, layer.callAll(List.of(x), m).get(0).buffer(),
                1e-6, 1e-6);
    }

    @ParameterizedTest(name = "max B{0} T{1} F{2}")
    @CsvSource({"1, 4, 3", "3, 6, 2", "2, 1, 3"})
    void maxMatchesTheReference(int batch, int steps, int features) {
        Layer layer = built(Layers.globalMaxPooling1d(), steps, features);
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 5, 1.5));
        LayerGradientCheck.check("max", layer, x, null, (xd, p) -> max(xd, batch, steps, features));
        assertEquals("GlobalMaxPooling1D", layer.typeName());
    }

    /**
     * Keras's data_format channels_first ({@code [batch, features, steps]}) and keepdims: the reference pools the
     * transposed input; the gradient checked by finite differences in the layer's own layout.
     */
    @ParameterizedTest(name = "channels first={0}, keepdims={1}, average={2}")
    @CsvSource({"true, false, true", "true, true, true", "false, true, true", "true, true, false", "false, true, false"})
    void channelsFirstAndKeepDimsPoolTheSameSteps(boolean first, boolean keep, boolean average) {
        int batch = 2;
        int steps = 4;
        int features = 3;
        GlobalPooling1DConfig config = (average ? Layers.globalAveragePooling1d() : Layers.globalMaxPooling1d())
                .withDataFormat(first ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST).withKeepDims(keep);
        Layer layer = config.create("pool");
        Shape sample = first ? Shape.of(features, steps) : Shape.of(steps, features);
        Shape out = !keep ? Shape.of(features) : first ? Shape.of(features, 1) : Shape.of(1, features);
        assertEquals(out, layer.build(sample, new SplittableRandom(1)));
        Tensor x = Tensor.wrap(sample.prepend(batch), randomFloats(batch * steps * features, 9, 1.5));
        var pass = LayerGradientCheck.check("layout", layer, x, null, (xd, p) -> {
            double[] t = first ? transposed(xd, batch, features, steps) : xd;
            return average ? average(t, null, batch, steps, features) : max(t, batch, steps, features);
        });
        assertEquals(out.prepend(batch), pass.output().shape());
    }

    /**
     * A masked channels-first average: the {@code [batch, steps]} mask weights the steps of the last axis (Keras
     * expands it at axis 1), with as many features as steps or not; a mask as long as the features but not the steps
     * is refused naming both shapes (Keras fails to broadcast it too), not read out of place.
     */
    @ParameterizedTest(name = "features {0}, steps {1}")
    @CsvSource({"3, 5", "5, 3", "4, 4"})
    void aChannelsFirstMaskWeightsTheStepsAxis(int features, int steps) {
        int batch = 3;
        Layer layer = Layers.globalAveragePooling1d().withDataFormat(DataFormat.CHANNELS_FIRST).create("pool");
        layer.build(Shape.of(features, steps), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(batch, features, steps), randomFloats(batch * steps * features, 4, 1.5));
        Tensor m = mask(batch, steps);
        LayerGradientCheck.check("channels-first mask", layer, x, m,
                (xd, p) -> average(transposed(xd, batch, features, steps), m.buffer(), batch, steps, features));
        if (features != steps) {
            IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                    () -> layer.callAll(List.of(x), mask(batch, features)));
            assertEquals("Layer 'pool' input 0: expected shape [null, " + steps + "] for the mask [batch, timesteps] "
                    + "of input [3, " + features + ", " + steps + "] (its steps are axis 2), found shape [3, " + features
                    + "]", e.getMessage());
        }
    }

    /** {@code [batch, rows, cols]} to {@code [batch, cols, rows]} (also the 1-D convolution tests' layout swap). */
    static double[] transposed(double[] x, int batch, int rows, int cols) {
        double[] t = new double[x.length];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[(b * cols + c) * rows + r] = x[(b * rows + r) * cols + c];
                }
            }
        }
        return t;
    }

    /** useMask false (TF.js semantics): a mask is accepted, ignored and not passed on, in both modes. */
    @ParameterizedTest(name = "ignored mask, average={0}")
    @CsvSource({"true", "false"})
    void aLayerIgnoringMasksPoolsEveryStep(boolean average) {
        int batch = 3;
        int steps = 4;
        int features = 2;
        GlobalPooling1DConfig cfg = (average ? Layers.globalAveragePooling1d() : Layers.globalMaxPooling1d())
                .withUseMask(false);
        Layer layer = built(cfg, steps, features);
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 9, 1.5));
        Tensor m = mask(batch, steps);
        LayerGradientCheck.check("ignored mask", layer, x, m, (xd, p) -> average
                ? average(xd, null, batch, steps, features) : max(xd, batch, steps, features));
        assertNull(layer.computeMask(List.of(x), m), "the pooled output carries no mask");
    }

    @Test
    void maxPoolingDropsAMaskLikeEveryPeer() {
        Layer layer = built(Layers.globalMaxPooling1d(), 3, 2);
        Tensor x = Tensor.wrap(Shape.of(1, 3, 2), new float[] {1, -2, 5, 0, -1, 3});
        assertEquals(layer.callAll(List.of(x), null).get(0), layer.callAll(List.of(x), mask(1, 3)).get(0));
        assertNull(layer.computeMask(List.of(x), mask(1, 3)));
    }

    @Test
    void errorsNameTheLayerAndBothShapes() {
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> Layers.globalAveragePooling1d().create("gap").build(Shape.of(4), new SplittableRandom(1)));
        assertEquals("Layer 'gap' input 0: expected shape [null, null, null] [batch, steps, features] with known features "
                + "(GlobalAveragePooling1D), found shape [null, 4]", e.getMessage());
        Layer layer = built(Layers.globalAveragePooling1d(), Shape.UNKNOWN, 3);
        assertEquals(Shape.of(2, 3), layer.call(Tensor.zeros(Shape.of(2, 7, 3))).shape());
        assertThrows(IncompatibleShapeException.class, () -> layer.call(Tensor.zeros(Shape.of(2, 7, 4))));
    }

    /** GlobalMaxPooling1D: the layer contract. */
    @Nested
    class MaxContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.globalMaxPooling1d().inputShape(5, 3), Shape.of(3));
        }
    }
}
