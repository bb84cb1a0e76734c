package dev.engram.internal.conv;

/**
 * The geometry of one channels-last convolution call as {@link ConvGemm} needs it: the column
 * matrix's size and the im2col / col2im rearrangements, whatever the number of spatial axes.
 */
public interface ColumnPlan {
    /** Samples in the batch. */
    int batch();

    /** Rows of the column matrix of one sample (its output positions). */
    int pixels();

    /** Rows of the whole batch's column matrix: {@code batch * pixels()}. */
    default int rows() {
        return Math.multiplyExact(batch(), pixels());
    }

    /** Columns of the column matrix: kernel taps times input channels. */
    int cols();

    /** Floats of one input sample. */
    int sampleSize();

    /** True when the column matrix is the input itself (a 1x..x1 kernel, stride 1, no padding). */
    boolean isPointwise();

    /**
     * Writes the column matrix of samples {@code [first, first + samples)} of {@code x} into
     * {@code col} from index 0 (overwritten; {@code samples * pixels() x cols()}).
     *
     * @param x       the channels-last input
     * @param first   first sample
     * @param samples samples to rearrange
     * @param col     receives the columns
     */
    void im2col(float[] x, int first, int samples, float[] col);

    /**
     * Adds every entry of the column-matrix gradient {@code dCol} (samples {@code [first, first +
     * samples)}, from index 0) to the input position it was read from in {@code dx}.
     *
     * @param dCol    the column gradient
     * @param first   first sample
     * @param samples samples in {@code dCol}
     * @param dx      the input gradient, accumulated into
     */
    void col2im(float[] dCol, int first, int samples, float[] dx);

    /**
     * The column matrix read in place, or null when it must be built by {@link #im2col}: entry
     * {@code (pixel r, column q)} of sample {@code s} is {@code x[windowStart(s, r) + offsets[q]]}
     * when every window lies inside the input (no padding reached). The default: always build.
     *
     * @return {@code cols()} offsets, or null
     */
    default int[] tapOffsets() {
        return null;
    }

    /**
     * Fills {@code starts[i]} with the index in {@code x} of the first tap of row {@code i} of the
     * column matrix of samples {@code [first, first + samples)}; only when {@link #tapOffsets} is
     * not null.
     *
     * @param first   first sample
     * @param samples samples
     * @param starts  receives {@code samples * pixels()} indices
     */
    default void windowStarts(int first, int samples, int[] starts) {
        throw new UnsupportedOperationException("the column matrix of " + this + " is built, not read in place");
    }
}
