package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The image and volume layers (Max/AveragePooling2D/3D, GlobalMax/AveragePooling2D, ZeroPadding2D,
 * Cropping2D, UpSampling2D, SpatialDropout2D, channels-first Flatten): forward and input gradients against double references
 * written from the peers' definitions as index loops over {@code [batch, d, h, w, c]} (channels-first
 * through an explicit transpose of the reference's input and output), batch 1, both data formats,
 * shape errors; one contract test per layer.
 */
class SpatialLayersTest {

    private static Layer built(LayerConfig<?> config, int... sample) {
        Layer layer = config.create("l");
        layer.build(Shape.of(sample), new SplittableRandom(3));
        return layer;
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.wrap(Shape.of(shape), randomFloats(Shape.of(shape).size(), seed, 2.0));
    }

    /** [b, c, s...] -> [b, s..., c] (toLast) or back, for {@code cells} spatial cells. */
    static double[] moveChannels(double[] x, int batch, int channels, int cells, boolean toLast) {
        double[] y = new double[x.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < cells; i++) {
                    int first = (b * channels + c) * cells + i;
                    int last = (b * cells + i) * channels + c;
                    if (toLast) {
                        y[last] = x[first];
                    } else {
                        y[first] = x[last];
                    }
                }
            }
        }
        return y;
    }

    /**
     * TensorFlow pooling from the definition, channels-last [B, D, H, W, C]: per axis the window is
     * [t*s - padBefore, + k), clipped; the average divides by the real cells in it.
     */
    static double[] poolReference(double[] x, boolean max, int batch, int[] in, int ch, int[] k, int[] s, boolean same) {
        int[] out = new int[3];
        int[] pad = new int[3];
        for (int a = 0; a < 3; a++) {
            out[a] = same ? (in[a] + s[a] - 1) / s[a] : (in[a] - k[a]) / s[a] + 1;
            pad[a] = same ? Math.max((out[a] - 1) * s[a] + k[a] - in[a], 0) / 2 : 0;
        }
        double[] y = new double[batch * out[0] * out[1] * out[2] * ch];
        for (int b = 0; b < batch; b++) {
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++) {
                        for (int c = 0; c < ch; c++) {
                            double acc = max ? Double.NEGATIVE_INFINITY : 0;
                            int n = 0;
                            for (int i = od * s[0] - pad[0]; i < od * s[0] - pad[0] + k[0]; i++) {
                                for (int j = oh * s[1] - pad[1]; j < oh * s[1] - pad[1] + k[1]; j++) {
                                    for (int l = ow * s[2] - pad[2]; l < ow * s[2] - pad[2] + k[2]; l++) {
                                        if (i >= 0 && i < in[0] && j >= 0 && j < in[1] && l >= 0 && l < in[2]) {
                                            double v = x[(((b * in[0] + i) * in[1] + j) * in[2] + l) * ch + c];
                                            acc = max ? Math.max(acc, v) : acc + v;
                                            n++;
                                        }
                                    }
                                }
                            }
                            y[(((b * out[0] + od) * out[1] + oh) * out[2] + ow) * ch + c] = max ? acc : acc / n;
                        }
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} B{1} {2}x{3}x{4} C{5} k{6}x{7} s{8}x{9} same={10} cf={11}")
    @CsvSource({
        "MAX, 2, 1, 6, 5, 3, 2, 2, 2, 2, false, false", "AVERAGE, 2, 1, 6, 5, 3, 2, 2, 2, 2, false, false",
        "MAX, 1, 1, 7, 6, 2, 3, 2, 2, 1, true, false", "AVERAGE, 1, 1, 7, 6, 2, 3, 2, 2, 1, true, false",
        "AVERAGE, 2, 1, 5, 8, 2, 3, 4, 2, 3, true, true", "MAX, 2, 1, 5, 8, 2, 3, 4, 2, 3, true, true",
        "AVERAGE, 1, 1, 4, 4, 1, 4, 4, 1, 1, false, true", "AVERAGE, 2, 1, 5, 5, 2, 2, 2, 1, 1, true, false"})
    void pooling2dMatchesTheDefinition(PoolingMode mode, int batch, int one, int rows, int cols, int ch, int kr,
            int kc, int sr, int sc, boolean same, boolean cf) {
        SpatialPoolingConfig cfg = SpatialPoolingConfig.of(mode, kr, kc).withStrides(sr, sc)
                .withPadding(same ? Padding.SAME : Padding.VALID)
                .withDataFormat(cf ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST);
        checkPooling(cfg, batch, new int[] {one, rows, cols}, ch, new int[] {1, kr, kc}, new int[] {1, sr, sc}, same, cf);
    }

    @ParameterizedTest(name = "{0} {2}x{3}x{4} same={5} cf={6}")
    @CsvSource({"MAX, 2, 4, 5, 3, false, false", "AVERAGE, 2, 4, 5, 3, false, false",
        "AVERAGE, 1, 3, 5, 4, true, true", "MAX, 1, 3, 5, 4, true, false"})
    void pooling3dMatchesTheDefinition(PoolingMode mode, int batch, int depth, int rows, int cols, boolean same,
            boolean cf) {
        SpatialPoolingConfig cfg = SpatialPoolingConfig.of(mode, 2, 3, 2).withStrides(2, 2, 1)
                .withPadding(same ? Padding.SAME : Padding.VALID)
                .withDataFormat(cf ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST);
        checkPooling(cfg, batch, new int[] {depth, rows, cols}, 2, new int[] {2, 3, 2}, new int[] {2, 2, 1}, same, cf);
    }

    private static void checkPooling(SpatialPoolingConfig cfg, int batch, int[] in, int ch, int[] k, int[] s,
            boolean same, boolean cf) {
        int rank = cfg.rank();
        int[] spatial = java.util.Arrays.copyOfRange(in, 3 - rank, 3);
        int[] sample = sampleShape(spatial, ch, cf);
        Layer layer = built(cfg, sample);
        Tensor x = input(11, Shape.of(sample).prepend(batch).toArray());
        boolean max = cfg.mode() == PoolingMode.MAX;
        int cells = in[0] * in[1] * in[2];
        LayerGradientCheck.check(layer.typeName(), layer, x, null, (xd, p) -> {
            double[] last = cf ? moveChannels(xd, batch, ch, cells, true) : xd;
            double[] y = poolReference(last, max, batch, in, ch, k, s, same);
            return cf ? moveChannels(y, batch, ch, y.length / (batch * ch), false) : y;
        });
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            int i = in[3 - rank + a];
            int st = s[3 - rank + a];
            out[a] = same ? (i + st - 1) / st : (i - k[3 - rank + a]) / st + 1;
        }
        assertEquals(Shape.of(sampleShape(out, ch, cf)), layer.outputShape());
    }

    private static int[] sampleShape(int[] spatial, int ch, boolean cf) {
        int[] s = new int[spatial.length + 1];
        System.arraycopy(spatial, 0, s, cf ? 1 : 0, spatial.length);
        s[cf ? 0 : spatial.length] = ch;
        return s;
    }

    @Test
    void samePaddedAverageExcludesThePaddingFromTheCount() {
        // 3x3 input, 2x2 window, stride 2, same: the last row/column windows hold 2 and 1 real cells.
        Layer layer = built(Layers.averagePooling2d(2, 2).withPadding(Padding.SAME), 3, 3, 1);
        Tensor x = Tensor.wrap(Shape.of(1, 3, 3, 1), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, layer.call(x).toArray());
        Layer maxLayer = built(Layers.maxPooling2d(2, 2).withPadding(Padding.SAME), 3, 3, 1);
        Tensor negative = Tensor.wrap(Shape.of(1, 3, 3, 1), new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9});
        assertArrayEquals(new float[] {-1, -3, -7, -9}, maxLayer.call(negative).toArray(), "padding never wins a max");
    }

    @Test
    void poolingRefusesTooSmallImagesAndUnknownSizesStayUnknown() {
        Layer layer = built(Layers.maxPooling2d(3, 3), Shape.UNKNOWN, Shape.UNKNOWN, 2);
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 2), layer.outputShape());
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(1, 2, 5, 2))));
        assertTrue(e.getMessage().contains("Layer 'l' input 0") && e.getMessage().contains("[1, 2, 5, 2]")
                && e.getMessage().contains("at least as large as the pool"), e.getMessage());
        IncompatibleShapeException rank = assertThrows(IncompatibleShapeException.class,
                () -> built(Layers.maxPooling2d(2, 2), 4, 4));
        assertTrue(rank.getMessage().contains("[batch, rows, cols, channels]"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.maxPooling2d(2, 2).withPadding(Padding.CAUSAL));
        assertThrows(IllegalArgumentException.class, () -> Layers.maxPooling2d(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Layers.maxPooling2d(2, 2).withStrides(1));
        assertNull(layer.computeMask(List.of(Tensor.zeros(Shape.of(1, 4, 4, 2))), null));
    }

    @ParameterizedTest(name = "{0} keepDims={1} cf={2}")
    @CsvSource({"AVERAGE, false, false", "MAX, false, false", "AVERAGE, true, true", "MAX, true, true",
        "MAX, false, true", "AVERAGE, true, false"})
    void globalPooling2dReducesRowsAndColumns(PoolingMode mode, boolean keepDims, boolean cf) {
        int batch = 2;
        int rows = 3;
        int cols = 4;
        int ch = 3;
        GlobalSpatialPoolingConfig cfg = GlobalSpatialPoolingConfig.of(mode, 2).withKeepDims(keepDims)
                .withDataFormat(cf ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST);
        Layer layer = built(cfg, sampleShape(new int[] {rows, cols}, ch, cf));
        assertEquals(keepDims ? Shape.of(sampleShape(new int[] {1, 1}, ch, cf)) : Shape.of(ch), layer.outputShape());
        LayerGradientCheck.check(layer.typeName(), layer, input(17, Shape.of(sampleShape(new int[] {rows, cols}, ch, cf))
                .prepend(batch).toArray()), null, (x, p) -> {
                    double[] last = cf ? moveChannels(x, batch, ch, rows * cols, true) : x;
                    double[] y = new double[batch * ch];
                    for (int b = 0; b < batch; b++) {
                        for (int c = 0; c < ch; c++) {
                            double acc = mode == PoolingMode.MAX ? Double.NEGATIVE_INFINITY : 0;
                            for (int i = 0; i < rows * cols; i++) {
                                double v = last[(b * rows * cols + i) * ch + c];
                                acc = mode == PoolingMode.MAX ? Math.max(acc, v) : acc + v / (rows * cols);
                            }
                            y[b * ch + c] = acc;
                        }
                    }
                    return y;
                });
    }

    /** The reference of the gather layers: output (i, j) copies input (srcRow(i), srcCol(j)) or is 0. */
    private interface Source {
        int of(int axis, int t);
    }

    private static void checkGather(LayerConfig<?> cfg, int rows, int cols, int outRows, int outCols, boolean cf,
            Source source) {
        int batch = 2;
        int ch = 2;
        Layer layer = built(cfg, sampleShape(new int[] {rows, cols}, ch, cf));
        assertEquals(Shape.of(sampleShape(new int[] {outRows, outCols}, ch, cf)), layer.outputShape());
        Tensor x = input(5, Shape.of(sampleShape(new int[] {rows, cols}, ch, cf)).prepend(batch).toArray());
        LayerGradientCheck.check(layer.typeName(), layer, x, null, (xd, p) -> {
            double[] last = cf ? moveChannels(xd, batch, ch, rows * cols, true) : xd;
            double[] y = new double[batch * outRows * outCols * ch];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < outRows; i++) {
                    for (int j = 0; j < outCols; j++) {
                        int si = source.of(0, i);
                        int sj = source.of(1, j);
                        for (int c = 0; c < ch; c++) {
                            y[((b * outRows + i) * outCols + j) * ch + c] = si < 0 || sj < 0 ? 0
                                    : last[((b * rows + si) * cols + sj) * ch + c];
                        }
                    }
                }
            }
            return cf ? moveChannels(y, batch, ch, outRows * outCols, false) : y;
        });
    }

    @ParameterizedTest(name = "pad {0},{1},{2},{3} cf={4}")
    @CsvSource({"1, 1, 1, 1, false", "0, 2, 3, 0, false", "2, 1, 0, 1, true"})
    void zeroPadding2dAddsZeroRowsAndColumns(int top, int bottom, int left, int right, boolean cf) {
        int rows = 3;
        int cols = 4;
        checkGather(Layers.zeroPadding2d(top, bottom, left, right).withDataFormat(cf ? DataFormat.CHANNELS_FIRST
                : DataFormat.CHANNELS_LAST), rows, cols, rows + top + bottom, cols + left + right, cf, (axis, t) -> {
                    int s = t - (axis == 0 ? top : left);
                    return s >= 0 && s < (axis == 0 ? rows : cols) ? s : -1;
                });
    }

    @ParameterizedTest(name = "crop {0},{1},{2},{3} cf={4}")
    @CsvSource({"1, 1, 1, 1, false", "0, 2, 3, 0, false", "2, 1, 0, 1, true"})
    void cropping2dKeepsTheMiddle(int top, int bottom, int left, int right, boolean cf) {
        int rows = 5;
        int cols = 6;
        checkGather(Layers.cropping2d(top, bottom, left, right).withDataFormat(cf ? DataFormat.CHANNELS_FIRST
                : DataFormat.CHANNELS_LAST), rows, cols, rows - top - bottom, cols - left - right, cf,
                (axis, t) -> t + (axis == 0 ? top : left));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> built(Layers.cropping2d(2, 2, 0, 0), 4, 3, 1));
        assertTrue(e.getMessage().contains("removes 2 + 2 rows"), e.getMessage());
    }

    /**
     * Sizes from a file are not trusted: a crop one row too many (whose size, -1, once read as an unknown
     * dimension), a crop that wraps int arithmetic, and a padding or factor past an array's length all fail
     * with a message naming the layer.
     */
    @Test
    void spatialMapsRefuseSizesThatUnderflowOrOverflow() {
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.cropping2d(2, 3, 0, 0), 4, 3, 1));
        int max = Integer.MAX_VALUE;
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.cropping2d(max, max, max, max), 4, 3, 1));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> built(Layers.zeroPadding2d(max, max, 0, 0), 4, 3, 1));
        assertTrue(big.getMessage().contains("more than an array can hold"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> built(Layers.upSampling2d(max, 2), 4, 3, 1));
        assertThrows(IncompatibleShapeException.class, () -> built(Layers.cropping1d(max, max), 5, 2));
        assertThrows(IllegalArgumentException.class, () -> built(Layers.zeroPadding1d(max, max), 5, 2));
    }

    @ParameterizedTest(name = "up {0}x{1} cf={2}")
    @CsvSource({"2, 2, false", "3, 1, false", "1, 2, true"})
    void upSampling2dRepeatsRowsAndColumns(int r, int c, boolean cf) {
        checkGather(new UpSampling2DConfig(r, c, cf ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST, null,
                null), 3, 2, 3 * r, 2 * c, cf, (axis, t) -> t / (axis == 0 ? r : c));
    }

    @ParameterizedTest(name = "cf={0}")
    @CsvSource({"false", "true"})
    void spatialDropout2dDropsWholeChannels(boolean cf) {
        int batch = 3;
        int ch = 6;
        Layer layer = built(Layers.spatialDropout2d(0.5).withSeed(7).withDataFormat(cf ? DataFormat.CHANNELS_FIRST
                : DataFormat.CHANNELS_LAST), sampleShape(new int[] {4, 5}, ch, cf));
        Tensor x = Tensor.filled(Shape.of(sampleShape(new int[] {4, 5}, ch, cf)).prepend(batch), 1f);
        assertEquals(x, layer.call(x), "identity at inference");
        double[] y = dev.engram.testing.Numeric.toDouble(layer.forward(List.of(x), null,
                new TrainingContext(new SplittableRandom(1))).output().toArray());
        double[] last = cf ? moveChannels(y, batch, ch, 20, true) : y;
        int dropped = 0;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < ch; c++) {
                double first = last[(b * 20) * ch + c];
                assertTrue(first == 0 || first == 2, "kept values are scaled by 1 / (1 - rate): " + first);
                for (int i = 0; i < 20; i++) {
                    assertEquals(first, last[(b * 20 + i) * ch + c], "one decision per (sample, channel)");
                }
                dropped += first == 0 ? 1 : 0;
            }
        }
        assertTrue(dropped > 0 && dropped < batch * ch, "some but not all channels dropped: " + dropped);
    }

    @Test
    void channelsFirstFlattenUsesTheChannelsLastOrder() {
        int batch = 2;
        int ch = 3;
        int rows = 2;
        int cols = 4;
        Layer layer = built(Layers.flatten().withDataFormat(DataFormat.CHANNELS_FIRST), ch, rows, cols);
        assertEquals(Shape.of(ch * rows * cols), layer.outputShape());
        LayerGradientCheck.check("flatten", layer, input(21, batch, ch, rows, cols), null,
                (x, p) -> moveChannels(x, batch, ch, rows * cols, true));
        Layer rank2 = built(Layers.flatten().withDataFormat(DataFormat.CHANNELS_FIRST), 3, 4);
        Tensor x = input(22, 1, 3, 4);
        assertEquals(Tensor.wrap(Shape.of(1, 12), moveChannelsOf(x.toArray(), 3, 4)), rank2.call(x));
    }

    private static float[] moveChannelsOf(float[] x, int ch, int cells) {
        double[] d = moveChannels(dev.engram.testing.Numeric.toDouble(x), 1, ch, cells, true);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Nested
    class MaxPooling2DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.maxPooling2d(2, 2).inputShape(5, 4, 3), Shape.of(2, 2, 3));
        }
    }

    @Nested
    class AveragePooling3DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.averagePooling3d(2, 2, 2).withPadding(Padding.SAME).inputShape(3, 4, 5, 2),
                    Shape.of(2, 2, 3, 2));
        }
    }

    @Nested
    class GlobalAveragePooling2DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.globalAveragePooling2d().inputShape(3, 4, 2), Shape.of(2));
        }
    }

    @Nested
    class ZeroPadding2DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.zeroPadding2d(1, 0, 2, 1).inputShape(3, 4, 2), Shape.of(4, 7, 2));
        }
    }

    @Nested
    class Cropping2DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.cropping2d(1, 0, 2, 1).inputShape(3, 4, 2), Shape.of(2, 1, 2));
        }
    }

    @Nested
    class UpSampling2DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.upSampling2d(2, 3).withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(2, 3, 2),
                    Shape.of(2, 6, 6));
        }
    }

    @Nested
    class SpatialDropout2DContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.spatialDropout2d(0.3).inputShape(3, 4, 2), Shape.of(3, 4, 2));
        }
    }
}
