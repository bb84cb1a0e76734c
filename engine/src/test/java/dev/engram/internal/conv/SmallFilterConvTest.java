package dev.engram.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SmallFilterConv} (the register-blocked tiles, in place or over built columns, the batch
 * split) against a double-precision direct convolution and against the im2col + GEMM path it
 * replaces, forward and backward (kernel, bias and input gradients), on odd sizes, strides,
 * dilations, padding that windows reach or not, filter counts that do and do not fill vectors, and
 * batches of more task groups than kernel-gradient slots.
 */
class SmallFilterConvTest {

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** A 2-D plan; {@code same} pads as TensorFlow does (the odd cell after). */
    private static Conv2dPlan plan(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw,
            boolean same) {
        int eh = (kh - 1) * dh + 1;
        int ew = (kw - 1) * dw + 1;
        int outH = same ? (h + sh - 1) / sh : (h - eh) / sh + 1;
        int outW = same ? (w + sw - 1) / sw : (w - ew) / sw + 1;
        int padTop = same ? Math.max(0, (outH - 1) * sh + eh - h) / 2 : 0;
        int padLeft = same ? Math.max(0, (outW - 1) * sw + ew - w) / 2 : 0;
        return new Conv2dPlan(batch, h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft, outH, outW);
    }

    /** The value of input pixel (r, c, ch) of sample b, zero in the padding. */
    private static double at(Conv2dPlan p, float[] x, int b, int r, int c, int ch) {
        if (r < 0 || r >= p.height() || c < 0 || c >= p.width()) {
            return 0;
        }
        return x[((b * p.height() + r) * p.width() + c) * p.channels() + ch];
    }

    @ParameterizedTest(name = "B{0} {1}x{2}x{3} k{4}x{5} s{6}x{7} d{8}x{9} same={10} F{11}")
    @CsvSource({
        // The MNIST convnet's two convolutions (valid windows: read in place).
        "3, 28, 28, 1, 5, 5, 1, 1, 1, 1, false, 8",
        "2, 12, 12, 8, 5, 5, 1, 1, 1, 1, false, 16",
        // Odd sizes, strides, dilations, same padding (built columns), filters that do not fill a vector.
        "5, 9, 7, 3, 3, 3, 2, 1, 1, 1, true, 5",
        "4, 11, 13, 2, 3, 2, 1, 2, 2, 1, false, 13",
        "1, 6, 5, 4, 2, 3, 3, 2, 1, 2, true, 1",
        "2, 7, 7, 5, 1, 3, 1, 1, 1, 3, true, 16",
        // Strided valid windows that leave the last rows unread (read in place).
        "3, 10, 9, 2, 3, 3, 3, 2, 1, 1, false, 7",
        // Many small samples: several samples per task and more task groups than slots.
        "70, 5, 6, 3, 2, 2, 1, 1, 1, 1, false, 9",
        "37, 4, 4, 1, 3, 3, 1, 1, 1, 1, true, 16",
        // One channel (the transposed column gradient) with row stride, column dilation, same padding.
        "4, 9, 10, 1, 3, 2, 2, 1, 1, 2, true, 6",
        // One channel, 8 filters, even output rows: the paired forward, with leftover pairs after the
        // 16-row tiles (120 and 210 rows), row stride and column dilation.
        "3, 6, 9, 1, 2, 2, 1, 1, 1, 1, false, 8",
        "3, 9, 12, 1, 3, 2, 1, 1, 1, 2, false, 8",
        "3, 10, 11, 1, 3, 2, 2, 1, 1, 1, false, 8",
    })
    void matchesDirectConvolutionAndGemmPath(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, int dh,
            int dw, boolean same, int filters) {
        Conv2dPlan p = plan(batch, h, w, c, kh, kw, sh, sw, dh, dw, same);
        assertTrue(SmallFilterConv.applies(p, filters));
        assertEquals(same && (p.padTop() > 0 || p.padLeft() > 0), p.tapOffsets() == null, "in place iff no padding read");
        Random r = new Random(batch * 31 + h * 7 + filters);
        float[] x = random(r, batch * p.sampleSize());
        float[] kernel = random(r, p.cols() * filters);
        float[] bias = random(r, filters);
        float[] dz = random(r, p.rows() * filters);

        double[] z = new double[p.rows() * filters];
        double[] dKernel = new double[kernel.length];
        double[] dBias = new double[filters];
        double[] dx = new double[x.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < p.outH(); i++) {
                for (int j = 0; j < p.outW(); j++) {
                    int row = (b * p.outH() + i) * p.outW() + j;
                    for (int f = 0; f < filters; f++) {
                        double s = bias[f];
                        double g = dz[row * filters + f];
                        dBias[f] += g;
                        for (int a = 0; a < kh; a++) {
                            for (int t = 0; t < kw; t++) {
                                int rr = i * sh - p.padTop() + a * dh;
                                int cc = j * sw - p.padLeft() + t * dw;
                                for (int ch = 0; ch < c; ch++) {
                                    int q = ((a * kw + t) * c + ch) * filters + f;
                                    double v = at(p, x, b, rr, cc, ch);
                                    s += v * kernel[q];
                                    dKernel[q] += v * g;
                                    if (rr >= 0 && rr < h && cc >= 0 && cc < w) {
                                        dx[((b * h + rr) * w + cc) * c + ch] += g * kernel[q];
                                    }
                                }
                            }
                        }
                        z[row * filters + f] = s;
                    }
                }
            }
        }

        float[] zs = new float[z.length];
        SmallFilterConv.forward(p, x, kernel, bias, filters, zs);
        float[] zg = new float[z.length];
        ConvGemm.gemmForward(p, x, kernel, bias, filters, zg);
        float[] dKs = new float[kernel.length];
        float[] dBs = new float[filters];
        float[] dxs = SmallFilterConv.backward(p, x, kernel, dz, filters, dKs, dBs, true);
        float[] dKg = new float[kernel.length];
        float[] dBg = new float[filters];
        float[] dxg = ConvGemm.gemmBackward(p, x, kernel, dz, filters, dKg, dBg, true);
        close(z, zs, "z");
        close(z, zg, "z (gemm)");
        close(dKernel, dKs, "dKernel");
        close(dKernel, dKg, "dKernel (gemm)");
        close(dBias, dBs, "dBias");
        close(dx, dxs, "dx");
        close(dx, dxg, "dx (gemm)");

        // Accumulates into the gradients it is given, and gives the same bits on a second run.
        float[] dKs2 = dKs.clone();
        float[] dBs2 = dBs.clone();
        float[] dxs2 = SmallFilterConv.backward(p, x, kernel, dz, filters, dKs2, dBs2, true);
        assertArrayEquals(dxs, dxs2);
        for (int i = 0; i < dKs.length; i++) {
            assertEquals(2 * dKernel[i], dKs2[i], 1e-4 * (1 + Math.abs(2 * dKernel[i])), "dKernel accumulated " + i);
        }
        float[] zs2 = new float[z.length];
        SmallFilterConv.forward(p, x, kernel, bias, filters, zs2);
        assertArrayEquals(zs, zs2);
    }

    private static void close(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }

    @ParameterizedTest(name = "F{0} applies={1}")
    @CsvSource({"1, true", "16, true", "17, false"})
    void appliesToFewFiltersOnly(int filters, boolean applies) {
        Conv2dPlan p = plan(2, 8, 8, 3, 3, 3, 1, 1, 1, 1, false);
        assertEquals(applies, SmallFilterConv.applies(p, filters));
        Conv2dPlan pointwise = plan(2, 8, 8, 3, 1, 1, 1, 1, 1, 1, false);
        assertFalse(SmallFilterConv.applies(pointwise, filters), "a 1x1 kernel is one GEMM on the input");
    }

    @ParameterizedTest(name = "3-D same={0}")
    @CsvSource({"false", "true"})
    void threeDimensionalPlansUseBuiltColumns(boolean same) {
        int pad = same ? 1 : 0;
        int out = same ? 5 : 3;
        Conv3dPlan p = new Conv3dPlan(3, 5, 5, 5, 2, 3, 3, 3, 1, 1, 1, 1, 1, 1, pad, pad, pad, out, out, out);
        assertNull(p.tapOffsets());
        int filters = 6;
        Random r = new Random(3);
        float[] x = random(r, 3 * p.sampleSize());
        float[] kernel = random(r, p.cols() * filters);
        float[] dz = random(r, p.rows() * filters);
        float[] zs = new float[p.rows() * filters];
        float[] zg = new float[zs.length];
        SmallFilterConv.forward(p, x, kernel, null, filters, zs);
        ConvGemm.gemmForward(p, x, kernel, null, filters, zg);
        float[] dKs = new float[kernel.length];
        float[] dKg = new float[kernel.length];
        float[] dxs = SmallFilterConv.backward(p, x, kernel, dz, filters, dKs, null, true);
        float[] dxg = ConvGemm.gemmBackward(p, x, kernel, dz, filters, dKg, null, true);
        assertArrayEquals(zg, zs, 1e-4f);
        assertArrayEquals(dKg, dKs, 1e-3f);
        assertArrayEquals(dxg, dxs, 1e-4f);
    }

    @ParameterizedTest(name = "in place {0}")
    @CsvSource({"true", "false"})
    void tapOffsetsAddressTheColumnMatrix(boolean valid) {
        Conv2dPlan p = plan(2, 9, 8, 3, 3, 2, 2, 1, 1, 2, !valid);
        int[] taps = p.tapOffsets();
        if (!valid) {
            assertNull(taps);
            return;
        }
        assertNotNull(taps);
        Random r = new Random(5);
        float[] x = random(r, 2 * p.sampleSize());
        float[] col = new float[p.rows() * p.cols()];
        p.im2col(x, 0, 2, col);
        int[] starts = new int[p.rows()];
        p.windowStarts(0, 2, starts);
        for (int row = 0; row < p.rows(); row++) {
            for (int q = 0; q < p.cols(); q++) {
                assertEquals(col[row * p.cols() + q], x[starts[row] + taps[q]], "row " + row + " column " + q);
            }
        }
    }

    @ParameterizedTest(name = "C{0} s{1} same={2}")
    @CsvSource({"1, 1, false", "1, 1, true", "3, 2, true", "2, 3, false"})
    void transposedCol2imMatchesCol2im(int c, int stride, boolean same) {
        Conv2dPlan p = plan(2, 8, 9, c, 3, 3, stride, stride, 1, 2, same);
        Random r = new Random(c * 10 + stride);
        float[] dCol = random(r, p.rows() * p.cols());
        float[] dColT = new float[dCol.length];
        for (int row = 0; row < p.rows(); row++) {
            for (int q = 0; q < p.cols(); q++) {
                dColT[q * p.rows() + row] = dCol[row * p.cols() + q];
            }
        }
        float[] expected = new float[2 * p.sampleSize()];
        p.col2im(dCol, 0, 2, expected);
        float[] actual = new float[expected.length];
        p.col2imTransposed(dColT, p.rows(), 0, 2, actual);
        assertArrayEquals(expected, actual, 1e-5f);
    }
}
