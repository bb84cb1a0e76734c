package dev.engram.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WindowMax} (plain, channel-vector and paired-cell forms) against the sequential definition:
 * the window's first cell, replaced only by a strictly greater later cell in row-major order, so
 * ties go to the first cell and NaN stays only where it is first. Values come from a small set so
 * ties are frequent; some are NaN and -0.
 */
class WindowMaxTest {

    @ParameterizedTest(name = "outer{0} {1}x{2}x{3} C{4} pool{5}x{6}x{7} s{8}x{9}x{10} pad{11},{12},{13}")
    @CsvSource({
        // MNIST: 2x2 pools of 8 and 16 channels (pairs and whole vectors on AVX-512).
        "3, 1, 24, 24, 8, 1, 2, 2, 1, 2, 2, 0, 0, 0",
        "3, 1, 8, 8, 16, 1, 2, 2, 1, 2, 2, 0, 0, 0",
        // Odd sizes, padding, overlapping windows, other channel counts.
        "2, 1, 7, 9, 8, 1, 3, 3, 1, 2, 2, 0, 1, 1",
        "2, 1, 5, 5, 4, 1, 2, 3, 1, 1, 2, 0, 1, 1",
        "4, 1, 6, 7, 3, 1, 2, 2, 1, 2, 2, 0, 0, 0",
        "2, 1, 6, 6, 32, 1, 3, 2, 1, 3, 1, 0, 1, 0",
        "2, 1, 9, 9, 24, 1, 2, 2, 1, 2, 2, 0, 0, 0",
        "5, 1, 6, 5, 1, 1, 2, 2, 1, 1, 1, 0, 0, 0",
        // A volume.
        "2, 4, 5, 6, 8, 2, 2, 2, 2, 2, 2, 0, 0, 0",
    })
    void matchesSequentialDefinition(int outer, int d, int h, int w, int ch, int pd, int ph, int pw, int sd, int sh,
            int sw, int padD, int padH, int padW) {
        int[] dims = {d, h, w};
        int[] pool = {pd, ph, pw};
        int[] stride = {sd, sh, sw};
        int[] pad = {padD, padH, padW};
        int[] out = new int[3];
        for (int a = 0; a < 3; a++) {
            out[a] = (dims[a] + 2 * pad[a] - pool[a]) / stride[a] + 1;
        }
        Random r = new Random(outer * 13 + ch);
        float[] values = {0f, -0f, 1f, 2f, -1f, Float.NaN, 3f};
        float[] x = new float[outer * d * h * w * ch];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[r.nextInt(values.length)];
        }
        int n = outer * out[0] * out[1] * out[2] * ch;
        float[] expected = new float[n];
        int[] expectedAt = new int[n];
        int yi = 0;
        for (int o = 0; o < outer; o++) {
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++, yi += ch) {
                        int[] o3 = {od, oh, ow};
                        int[] lo = new int[3];
                        int[] hi = new int[3];
                        for (int a = 0; a < 3; a++) {
                            lo[a] = Math.max(0, o3[a] * stride[a] - pad[a]);
                            hi[a] = Math.min(dims[a], o3[a] * stride[a] - pad[a] + pool[a]);
                        }
                        for (int c = 0; c < ch; c++) {
                            boolean seeded = false;
                            for (int id = lo[0]; id < hi[0]; id++) {
                                for (int ih = lo[1]; ih < hi[1]; ih++) {
                                    for (int iw = lo[2]; iw < hi[2]; iw++) {
                                        int i = (((o * d + id) * h + ih) * w + iw) * ch + c;
                                        if (!seeded || x[i] > expected[yi + c]) {
                                            expected[yi + c] = x[i];
                                            expectedAt[yi + c] = i;
                                            seeded = true;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        WindowMax m = new WindowMax(outer, dims, ch, out, pool, stride, pad);
        float[] y = new float[n];
        int[] at = new int[n];
        m.apply(x, y, at);
        assertArrayEquals(expectedAt, at, "argmax");
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(y[i]), "value bits at " + i);
        }
        float[] inference = new float[n];
        m.apply(x, inference, null);
        assertArrayEquals(y, inference, "without indices");
    }

    @Test
    void aHugePoolClippedToTheInputIsTheWholeSlice() {
        // A file may declare pool_size 2^31-1 with same padding (half of it before): every window is the whole image.
        int ch = 8;
        int[] dims = {1, 3, 4};
        float[] x = new float[2 * 12 * ch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37 % 101) / 7f;
        }
        int big = Integer.MAX_VALUE;
        WindowMax m = new WindowMax(2, dims, ch, new int[] {1, 3, 4}, new int[] {1, big, big}, new int[] {1, 1, 1},
                new int[] {0, big / 2, big / 2});
        float[] y = new float[2 * 12 * ch];
        int[] at = new int[y.length];
        m.apply(x, y, at);
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < ch; c++) {
                int best = o * 12 * ch + c;
                for (int cell = 1; cell < 12; cell++) {
                    int i = (o * 12 + cell) * ch + c;
                    if (x[i] > x[best]) {
                        best = i;
                    }
                }
                for (int cell = 0; cell < 12; cell++) {
                    assertEquals(x[best], y[(o * 12 + cell) * ch + c]);
                    assertEquals(best, at[(o * 12 + cell) * ch + c]);
                }
            }
        }
    }
}
