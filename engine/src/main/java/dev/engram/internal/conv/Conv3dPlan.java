package dev.engram.internal.conv;

import java.util.Arrays;

/**
 * The geometry of one 3-D convolution call over a channels-last batch {@code [batch, depth, height,
 * width, channels]} and its im2col / col2im rearrangements.
 *
 * <p>Output voxel {@code (t, i, j)} reads input planes {@code t * strideD - padFront + a * dilationD},
 * rows {@code i * strideH - padTop + b * dilationH} and columns {@code j * strideW - padLeft + c *
 * dilationW}; voxels outside the volume read zero (the padding). The column matrix has one row per
 * (sample, output plane, row, column) and one column per (tap a, b, c, channel), so that with a kernel
 * stored {@code [kernelD, kernelH, kernelW, channels, filters]} (row-major) the convolution is
 * {@code columns · kernel}.
 *
 * @param batch     samples
 * @param depth     input planes
 * @param height    input rows
 * @param width     input columns
 * @param channels  input channels
 * @param kernelD   tap planes
 * @param kernelH   tap rows
 * @param kernelW   tap columns
 * @param strideD   input planes between consecutive output planes
 * @param strideH   input rows between consecutive output rows
 * @param strideW   input columns between consecutive output columns
 * @param dilationD input planes between consecutive tap planes
 * @param dilationH input rows between consecutive tap rows
 * @param dilationW input columns between consecutive tap columns
 * @param padFront  zero planes conceptually added in front
 * @param padTop    zero rows conceptually added above
 * @param padLeft   zero columns conceptually added on the left
 * @param outD      output planes
 * @param outH      output rows
 * @param outW      output columns
 */
public record Conv3dPlan(int batch, int depth, int height, int width, int channels, int kernelD, int kernelH,
        int kernelW, int strideD, int strideH, int strideW, int dilationD, int dilationH, int dilationW, int padFront,
        int padTop, int padLeft, int outD, int outH, int outW) implements ColumnPlan {

    /** Rows of the column matrix of one sample: {@code outD * outH * outW}. */
    @Override
    public int pixels() {
        return outD * outH * outW;
    }

    /** Columns of the column matrix: {@code kernelD * kernelH * kernelW * channels}. */
    @Override
    public int cols() {
        return kernelD * kernelH * kernelW * channels;
    }

    /** Floats of one input sample. */
    @Override
    public int sampleSize() {
        return depth * height * width * channels;
    }

    @Override
    public boolean isPointwise() {
        return kernelD == 1 && kernelH == 1 && kernelW == 1 && strideD == 1 && strideH == 1 && strideW == 1
                && padFront == 0 && padTop == 0 && padLeft == 0;
    }

    @Override
    public void im2col(float[] x, int first, int samples, float[] col) {
        int cols = cols();
        int rowLength = kernelW * channels;
        for (int s = 0; s < samples; s++) {
            int xBase = (first + s) * sampleSize();
            for (int t = 0; t < outD; t++) {
                int front = t * strideD - padFront;
                for (int i = 0; i < outH; i++) {
                    int top = i * strideH - padTop;
                    for (int j = 0; j < outW; j++) {
                        int left = j * strideW - padLeft;
                        int row = (((s * outD + t) * outH + i) * outW + j) * cols;
                        for (int a = 0; a < kernelD; a++) {
                            int z = front + a * dilationD;
                            for (int b = 0; b < kernelH; b++) {
                                int r = top + b * dilationH;
                                int dst = row + (a * kernelH + b) * rowLength;
                                if (z < 0 || z >= depth || r < 0 || r >= height) {
                                    Arrays.fill(col, dst, dst + rowLength, 0f);
                                    continue;
                                }
                                int src = xBase + (z * height + r) * width * channels;
                                if (dilationW == 1 && left >= 0 && left + kernelW <= width) {
                                    // The taps of one kernel row are adjacent channels-last: one copy.
                                    System.arraycopy(x, src + left * channels, col, dst, rowLength);
                                    continue;
                                }
                                for (int c = 0; c < kernelW; c++) {
                                    int w = left + c * dilationW;
                                    int d = dst + c * channels;
                                    if (w < 0 || w >= width) {
                                        Arrays.fill(col, d, d + channels, 0f);
                                    } else {
                                        System.arraycopy(x, src + w * channels, col, d, channels);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(float[] dCol, int first, int samples, float[] dx) {
        int cols = cols();
        int rowLength = kernelW * channels;
        for (int s = 0; s < samples; s++) {
            int xBase = (first + s) * sampleSize();
            for (int t = 0; t < outD; t++) {
                int front = t * strideD - padFront;
                for (int i = 0; i < outH; i++) {
                    int top = i * strideH - padTop;
                    for (int j = 0; j < outW; j++) {
                        int left = j * strideW - padLeft;
                        int row = (((s * outD + t) * outH + i) * outW + j) * cols;
                        for (int a = 0; a < kernelD; a++) {
                            int z = front + a * dilationD;
                            if (z < 0 || z >= depth) {
                                continue;
                            }
                            for (int b = 0; b < kernelH; b++) {
                                int r = top + b * dilationH;
                                if (r < 0 || r >= height) {
                                    continue;
                                }
                                int src = row + (a * kernelH + b) * rowLength;
                                int dstRow = xBase + (z * height + r) * width * channels;
                                for (int c = 0; c < kernelW; c++) {
                                    int w = left + c * dilationW;
                                    if (w < 0 || w >= width) {
                                        continue;
                                    }
                                    int from = src + c * channels;
                                    int to = dstRow + w * channels;
                                    for (int ch = 0; ch < channels; ch++) {
                                        dx[to + ch] += dCol[from + ch];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
