package dev.engram.internal.conv;

import java.util.Arrays;

/**
 * The geometry of one 2-D convolution call over a channels-last batch {@code [batch, height, width,
 * channels]} and its im2col / col2im rearrangements.
 *
 * <p>Output pixel {@code (i, j)} reads input rows {@code i * strideH - padTop + a * dilationH} and
 * columns {@code j * strideW - padLeft + b * dilationW} for taps {@code a < kernelH}, {@code b <
 * kernelW}; pixels outside the image read zero (the padding). The column matrix has one row per
 * (sample, output row, output column) and one column per (tap row a, tap column b, channel c), so
 * that with a kernel stored {@code [kernelH, kernelW, channels, filters]} (row-major, i.e. a
 * {@code [kernelH * kernelW * channels, filters]} matrix) the convolution is {@code columns · kernel}.
 *
 * @param batch     samples
 * @param height    input rows
 * @param width     input columns
 * @param channels  input channels
 * @param kernelH   tap rows
 * @param kernelW   tap columns
 * @param strideH   input rows between consecutive output rows
 * @param strideW   input columns between consecutive output columns
 * @param dilationH input rows between consecutive tap rows
 * @param dilationW input columns between consecutive tap columns
 * @param padTop    zero rows conceptually added above
 * @param padLeft   zero columns conceptually added on the left
 * @param outH      output rows
 * @param outW      output columns
 */
public record Conv2dPlan(int batch, int height, int width, int channels, int kernelH, int kernelW, int strideH,
        int strideW, int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW) implements ColumnPlan {

    /** Rows of the column matrix of one sample: {@code outH * outW}. */
    @Override
    public int pixels() {
        return outH * outW;
    }

    /** Columns of the column matrix: {@code kernelH * kernelW * channels}. */
    @Override
    public int cols() {
        return kernelH * kernelW * channels;
    }

    /** Floats of one input sample. */
    @Override
    public int sampleSize() {
        return height * width * channels;
    }

    /**
     * True when the column matrix is the input itself (a 1x1 kernel, stride 1, no padding): the
     * convolution is then one GEMM on the input with no rearrangement.
     */
    @Override
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0;
    }

    /** In place when no window reaches the padding ({@code valid} padding, or padding no window needs). */
    @Override
    public int[] tapOffsets() {
        boolean inside = padTop == 0 && padLeft == 0
                && (long) (outH - 1) * strideH + (long) (kernelH - 1) * dilationH < height
                && (long) (outW - 1) * strideW + (long) (kernelW - 1) * dilationW < width;
        if (!inside) {
            return null;
        }
        int[] offsets = new int[cols()];
        for (int a = 0, q = 0; a < kernelH; a++) {
            for (int b = 0; b < kernelW; b++) {
                for (int c = 0; c < channels; c++) {
                    offsets[q++] = (a * dilationH * width + b * dilationW) * channels + c;
                }
            }
        }
        return offsets;
    }

    @Override
    public void windowStarts(int first, int samples, int[] starts) {
        int r = 0;
        for (int s = 0; s < samples; s++) {
            int xBase = (first + s) * sampleSize();
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    starts[r++] = xBase + (i * strideH * width + j * strideW) * channels;
                }
            }
        }
    }

    /**
     * Writes the column matrix of samples {@code [first, first + samples)} of {@code x} into
     * {@code col} from index 0 (overwritten; {@code samples * pixels() x cols()}).
     */
    @Override
    public void im2col(float[] x, int first, int samples, float[] col) {
        int cols = cols();
        int rowLength = kernelW * channels;
        for (int s = 0; s < samples; s++) {
            int xBase = (first + s) * sampleSize();
            for (int i = 0; i < outH; i++) {
                int top = i * strideH - padTop;
                for (int j = 0; j < outW; j++) {
                    int left = j * strideW - padLeft;
                    int row = ((s * outH + i) * outW + j) * cols;
                    for (int a = 0; a < kernelH; a++) {
                        int r = top + a * dilationH;
                        int dst = row + a * rowLength;
                        if (r < 0 || r >= height) {
                            Arrays.fill(col, dst, dst + rowLength, 0f);
                            continue;
                        }
                        int src = xBase + r * width * channels;
                        if (dilationW == 1 && left >= 0 && left + kernelW <= width) {
                            // The taps of one kernel row are adjacent in NHWC: one copy.
                            System.arraycopy(x, src + left * channels, col, dst, rowLength);
                            continue;
                        }
                        for (int b = 0; b < kernelW; b++) {
                            int c = left + b * dilationW;
                            int d = dst + b * channels;
                            if (c < 0 || c >= width) {
                                Arrays.fill(col, d, d + channels, 0f);
                            } else {
                                System.arraycopy(x, src + c * channels, col, d, channels);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds every entry of the column-matrix gradient {@code dCol} (samples {@code [first, first +
     * samples)}, from index 0) to the input pixel it was read from in {@code dx}.
     */
    @Override
    public void col2im(float[] dCol, int first, int samples, float[] dx) {
        int cols = cols();
        for (int s = 0; s < samples; s++) {
            int xBase = (first + s) * sampleSize();
            for (int i = 0; i < outH; i++) {
                int top = i * strideH - padTop;
                for (int j = 0; j < outW; j++) {
                    int left = j * strideW - padLeft;
                    int row = ((s * outH + i) * outW + j) * cols;
                    for (int a = 0; a < kernelH; a++) {
                        int r = top + a * dilationH;
                        if (r < 0 || r >= height) {
                            continue;
                        }
                        int dstRow = xBase + r * width * channels;
                        if (dilationW == 1 && left >= 0 && left + kernelW <= width) {
                            // The taps of one kernel row are adjacent in NHWC: one contiguous add.
                            int src = row + a * kernelW * channels;
                            int dst = dstRow + left * channels;
                            for (int t = 0, n = kernelW * channels; t < n; t++) {
                                dx[dst + t] += dCol[src + t];
                            }
                            continue;
                        }
                        for (int b = 0; b < kernelW; b++) {
                            int c = left + b * dilationW;
                            if (c < 0 || c >= width) {
                                continue;
                            }
                            int src = row + (a * kernelW + b) * channels;
                            int dst = dstRow + c * channels;
                            for (int ch = 0; ch < channels; ch++) {
                                dx[dst + ch] += dCol[src + ch];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} of a column gradient stored transposed, {@code dColT[q * ld + row]} for column
     * {@code q} and row {@code row} of samples {@code [first, first + samples)} (rows from 0). With one
     * input channel and unit column stride, each (tap, output row) adds one contiguous run of the
     * input row, a loop the JIT vectorises; {@link #col2im} adds runs of {@code kernelW * channels},
     * five floats for a 5x5 kernel on a grey image.
     *
     * @param dColT   the transposed column gradient
     * @param ld      distance between two columns in {@code dColT}
     * @param first   first sample
     * @param samples samples in {@code dColT}
     * @param dx      the input gradient, accumulated into
     */
    public void col2imTransposed(float[] dColT, int ld, int first, int samples, float[] dx) {
        for (int s = 0; s < samples; s++) {
            int xBase = (first + s) * sampleSize();
            for (int a = 0; a < kernelH; a++) {
                for (int b = 0; b < kernelW; b++) {
                    // Output columns whose tap b lands inside the image.
                    int shift = b * dilationW - padLeft;
                    int j0 = Math.max(0, Math.floorDiv(-shift + strideW - 1, strideW));
                    int j1 = Math.min(outW, Math.floorDiv(width - 1 - shift, strideW) + 1);
                    for (int c = 0; c < channels; c++) {
                        int q = (a * kernelW + b) * channels + c;
                        for (int i = 0; i < outH; i++) {
                            int r = i * strideH - padTop + a * dilationH;
                            if (r < 0 || r >= height) {
                                continue;
                            }
                            int src = q * ld + (s * outH + i) * outW;
                            int dst = xBase + (r * width + shift) * channels + c;
                            if (channels == 1 && strideW == 1) {
                                for (int j = j0; j < j1; j++) {
                                    dx[dst + j] += dColT[src + j];
                                }
                            } else {
                                for (int j = j0; j < j1; j++) {
                                    dx[dst + j * strideW * channels] += dColT[src + j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
