package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.Numeric;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rescaling, Resizing, CenterCrop and CategoryEncoding: forward and input gradients against double
 * references written from TensorFlow's and TF.js's resize definitions (sample positions per
 * output pixel, not the kernel's tables), both data formats, both CenterCrop rules, and the
 * errors. CategoryEncoding has no contract class: with neither weights nor a differentiable input,
 * the contract's gradient step has nothing to move; its modes and errors are tested directly.
 */
class PreprocessingLayersTest {

    private static Layer built(LayerConfig<?> c, int... sample) {
        Layer l = c.create("under_test");
        l.build(Shape.of(sample), new SplittableRandom(1));
        return l;
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.wrap(Shape.of(shape), Numeric.randomFloats(Shape.of(shape).size(), seed, 1.0));
    }

    /** The double reference of a resize: per output pixel its source position, then interpolation. */
    static double[] resizeReference(double[] x, int batch, int h, int w, int c, int y0, int x0, int sh, int sw, int oh,
            int ow, boolean nearest, ResizeSampling s) {
        double[] y = new double[batch * oh * ow * c];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double[] ry = position(i, sh, oh, nearest, s);
                    double[] rx = position(j, sw, ow, nearest, s);
                    for (int k = 0; k < c; k++) {
                        double v = 0;
                        for (int a = 0; a < 2; a++) {
                            for (int e = 0; e < 2; e++) {
                                int yy = (int) ry[a];
                                int xx = (int) rx[e];
                                double wgt = (a == 0 ? 1 - ry[2] : ry[2]) * (e == 0 ? 1 - rx[2] : rx[2]);
                                v += wgt * x[((b * h + y0 + yy) * w + x0 + xx) * c + k];
                            }
                        }
                        y[((b * oh + i) * ow + j) * c + k] = v;
                    }
                }
            }
        }
        return y;
    }

    /** {lower index, upper index, weight of the upper} of output index i. */
    private static double[] position(int i, int n, int m, boolean nearest, ResizeSampling s) {
        double src = switch (s) {
            case HALF_PIXEL -> (i + 0.5) * n / m - (nearest ? 0 : 0.5);
            case ALIGN_CORNERS -> m > 1 ? i * (n - 1.0) / (m - 1) : 0;
            case ASYMMETRIC -> i * (double) n / m;
        };
        if (nearest) {
            long k = s == ResizeSampling.ALIGN_CORNERS ? Math.round(src) : (long) Math.floor(src);
            k = Math.max(0, Math.min(n - 1, k));
            return new double[] {k, k, 0};
        }
        double lo = Math.floor(src);
        return new double[] {Math.max(0, lo), Math.min(n - 1, Math.ceil(src)), src - lo};
    }

    @ParameterizedTest
    @CsvSource({"5,7,3,4,BILINEAR,HALF_PIXEL,false", "5,7,8,9,BILINEAR,HALF_PIXEL,false",
            "6,4,3,5,BILINEAR,HALF_PIXEL,true", "4,6,7,3,BILINEAR,ALIGN_CORNERS,false",
            "4,6,1,3,BILINEAR,ALIGN_CORNERS,false", "5,5,8,3,BILINEAR,ASYMMETRIC,false",
            "5,7,3,9,NEAREST,HALF_PIXEL,false", "5,7,8,4,NEAREST,ALIGN_CORNERS,false",
            "6,7,4,4,NEAREST,ASYMMETRIC,true"})
    void resizingMatchesTheSamplingDefinitions(int h, int w, int oh, int ow, Interpolation ip, ResizeSampling s,
            boolean crop) {
        int c = 2;
        int batch = 2;
        Layer layer = built(Layers.resizing(oh, ow).withInterpolation(ip).withSampling(s).withCropToAspectRatio(crop),
                h, w, c);
        int sh = crop ? Math.max(Math.min(h, w * oh / ow), 1) : h;
        int sw = crop ? Math.max(Math.min(w, h * ow / oh), 1) : w;
        int y0 = (h - sh) / 2;
        int x0 = (w - sw) / 2;
        LayerGradientCheck.check("resize " + ip + " " + s, layer, input(3, batch, h, w, c), null,
                (x, p) -> resizeReference(x, batch, h, w, c, y0, x0, sh, sw, oh, ow, ip == Interpolation.NEAREST, s));
        assertEquals(Shape.of(oh, ow, c), layer.outputShape());
    }

    @Test
    void channelsFirstResizesTheLastTwoAxes() {
        Layer cf = built(Layers.resizing(3, 5).withSampling(ResizeSampling.HALF_PIXEL)
                .withDataFormat(DataFormat.CHANNELS_FIRST), 2, 4, 6);
        Layer cl = built(Layers.resizing(3, 5).withSampling(ResizeSampling.HALF_PIXEL), 4, 6, 2);
        Tensor x = input(5, 1, 4, 6, 2);
        Tensor y = cl.call(x);
        Tensor ycf = cf.call(Permute.transpose(x, new int[] {0, 3, 1, 2}));
        assertEquals(Shape.of(2, 3, 5), cf.outputShape());
        assertArrayEquals(Permute.transpose(y, new int[] {0, 3, 1, 2}).toArray(), ycf.toArray());
    }

    @ParameterizedTest
    @CsvSource({"7,9,4,5,STRETCH,1,2", "7,5,4,4,STRETCH,1,1", "7,5,4,4,PRESERVE_ASPECT,1,0",
            "6,6,6,6,STRETCH,0,0", "6,8,5,2,PRESERVE_ASPECT,0,3"})
    void centerCropTakesTheWindowEachPeerTakes(int h, int w, int th, int tw, CenterCropMode mode, int y0, int x0) {
        int c = 3;
        Layer layer = built(Layers.centerCrop(th, tw).withMode(mode), h, w, c);
        LayerGradientCheck.check("crop " + mode, layer, input(4, 2, h, w, c), null,
                (x, p) -> resizeReference(x, 2, h, w, c, y0, x0, th, tw, th, tw, true, ResizeSampling.ASYMMETRIC));
    }

    @Test
    void centerCropEnlargesByStretchingOrByTheAspectWindow() {
        int h = 3;
        int w = 6;
        int c = 2;
        Layer stretch = built(Layers.centerCrop(4, 4), h, w, c);
        LayerGradientCheck.check("stretch", stretch, input(6, 1, h, w, c), null,
                (x, p) -> resizeReference(x, 1, h, w, c, 0, 0, h, w, 4, 4, false, ResizeSampling.ASYMMETRIC));
        Layer aspect = built(Layers.centerCrop(4, 4).withMode(CenterCropMode.PRESERVE_ASPECT), h, w, c);
        // the 3x3 window of the 4:4 aspect at column (6 - 3) / 2 = 1, resized with half-pixel centres
        LayerGradientCheck.check("aspect", aspect, input(6, 1, h, w, c), null,
                (x, p) -> resizeReference(x, 1, h, w, c, 0, 1, 3, 3, 4, 4, false, ResizeSampling.HALF_PIXEL));
    }

    @Test
    void imageLayersRefuseOtherRanks() {
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> built(Layers.centerCrop(2, 2), 5, 5));
        assertTrue(e.getMessage().contains("CenterCrop takes images [batch, height, width, channels]"), e.getMessage());
    }

    @Test
    void rescalingIsAffineWithScaledGradient() {
        Layer layer = built(Layers.rescaling(1 / 255.0).withOffset(-0.5), 3, 2);
        LayerGradientCheck.check("rescaling", layer, input(2, 2, 3, 2), null, (x, p) -> {
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] * (float) (1 / 255.0) + -0.5;
            }
            return y;
        });
        assertThrows(IllegalArgumentException.class, () -> Layers.rescaling(Double.NaN));
    }

    @Test
    void categoryEncodingModes() {
        Tensor ids = Tensor.of(new float[][] {{1, 3, 3}, {0, 0, 2}});
        Layer multi = built(Layers.categoryEncoding(4), 3);
        assertEquals(Tensor.of(new float[][] {{0, 1, 0, 1}, {1, 0, 1, 0}}), multi.call(ids));
        Layer count = built(Layers.categoryEncoding(4).withOutputMode(CategoryOutputMode.COUNT), 3);
        assertEquals(Tensor.of(new float[][] {{0, 1, 0, 2}, {2, 0, 1, 0}}), count.call(ids));
        Layer oneHot = built(Layers.categoryEncoding(4).withOutputMode(CategoryOutputMode.ONE_HOT), 1);
        assertEquals(Shape.of(4), oneHot.outputShape());
        assertEquals(Tensor.of(new float[][] {{0, 0, 1, 0}, {1, 0, 0, 0}}),
                oneHot.call(Tensor.of(new float[][] {{2}, {0}})));
        Layer oneHotSeq = built(Layers.categoryEncoding(4).withOutputMode(CategoryOutputMode.ONE_HOT), 3);
        assertEquals(Shape.of(3, 4), oneHotSeq.outputShape());
        assertEquals(Tensor.of(new float[][][] {{{0, 1, 0, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}},
                {{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}}}), oneHotSeq.call(ids));
        assertNull(multi.forward(ids, new TrainingContext(new SplittableRandom(1))).backward(multi.call(ids)));
    }

    @Test
    void categoryEncodingRefusesIdsOutOfRange() {
        Layer multi = built(Layers.categoryEncoding(4), 3);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> multi.call(Tensor.of(new float[][] {{1, 3, 3}, {0, 4, 2}})));
        assertEquals("Layer 'under_test' (CategoryEncoding): sample 1, position 1 holds 4.0; ids must be integers in"
                + " [0, 4) (numTokens 4)", e.getMessage());
        assertThrows(InvalidInputException.class, () -> multi.call(Tensor.of(new float[][] {{-1, 0, 0}})));
        assertThrows(InvalidInputException.class, () -> multi.call(Tensor.of(new float[][] {{0.5f, 0, 0}})));
        assertThrows(IllegalArgumentException.class, () -> Layers.categoryEncoding(0));
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.categoryEncoding(3), 2, 2));
    }

    @Nested
    class RescalingContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.rescaling(0.5).withOffset(1).inputShape(2, 3), Shape.of(2, 3));
        }
    }

    @Nested
    class ResizingContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.resizing(3, 2).inputShape(4, 5, 2), Shape.of(3, 2, 2));
        }
    }

    @Nested
    class CenterCropContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.centerCrop(2, 3).inputShape(4, 5, 2), Shape.of(2, 3, 2));
        }
    }
}
