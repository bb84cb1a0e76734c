package dev.engram.internal.conv;

/**
 * The geometry of one 1-D convolution call over a channels-last batch {@code [batch, length,
 * channels]} and its im2col / col2im rearrangements.
 *
 * <p>Output step {@code t} reads input steps {@code t * stride - padLeft + j * dilation} for
 * {@code j = 0..kernelSize-1}; steps outside {@code [0, length)} read zero (the padding). The
 * column matrix has one row per (sample, output step) and one column per (tap j, channel c), so
 * that with a kernel stored {@code [kernelSize, channels, filters]} (row-major, i.e. a
 * {@code [kernelSize * channels, filters]} matrix) the convolution is {@code columns · kernel}.
 *
 * @param batch      samples
 * @param length     input steps
 * @param channels   input channels
 * @param kernelSize taps
 * @param stride     step between consecutive outputs
 * @param dilation   step between consecutive taps
 * @param padLeft    zero steps conceptually prepended
 * @param outLength  output steps
 */
public record Conv1dPlan(int batch, int length, int channels, int kernelSize, int stride, int dilation,
        int padLeft, int outLength) {

    /** Rows of the column matrix: {@code batch * outLength}. */
    public int rows() {
        return batch * outLength;
    }

    /** Columns of the column matrix: {@code kernelSize * channels}. */
    public int cols() {
        return kernelSize * channels;
    }

    /** Writes the {@code rows() x cols()} column matrix of {@code x} into {@code col} (overwritten). */
    public void im2col(float[] x, float[] col) {
        int cols = cols();
        for (int b = 0; b < batch; b++) {
            int xBase = b * length * channels;
            for (int t = 0; t < outLength; t++) {
                int row = (b * outLength + t) * cols;
                int start = t * stride - padLeft;
                for (int j = 0; j < kernelSize; j++) {
                    int s = start + j * dilation;
                    int dst = row + j * channels;
                    if (s < 0 || s >= length) {
                        java.util.Arrays.fill(col, dst, dst + channels, 0f);
                    } else {
                        System.arraycopy(x, xBase + s * channels, col, dst, channels);
                    }
                }
            }
        }
    }

    /** Adds every entry of the column-matrix gradient {@code dCol} back to the input step it was read from. */
    public void col2im(float[] dCol, float[] dx) {
        int cols = cols();
        for (int b = 0; b < batch; b++) {
            int xBase = b * length * channels;
            for (int t = 0; t < outLength; t++) {
                int row = (b * outLength + t) * cols;
                int start = t * stride - padLeft;
                for (int j = 0; j < kernelSize; j++) {
                    int s = start + j * dilation;
                    if (s >= 0 && s < length) {
                        int src = row + j * channels;
                        int dst = xBase + s * channels;
                        for (int c = 0; c < channels; c++) {
                            dx[dst + c] += dCol[src + c];
                        }
                    }
                }
            }
        }
    }
}
