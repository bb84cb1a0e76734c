package dev.engram.layers;

/**
 * How a 1-D convolution treats the sequence ends (Keras and TF.js {@code padding}). With
 * {@code k} taps, dilation {@code d} and stride {@code s}, the effective kernel length is
 * {@code e = (k - 1) * d + 1}; an input of {@code L} steps gives:
 *
 * <ul>
 *   <li>{@link #VALID}: no padding, {@code floor((L - e) / s) + 1} outputs (needs {@code L >= e});
 *   <li>{@link #SAME}: {@code ceil(L / s)} outputs, {@code max((ceil(L / s) - 1) * s + e - L, 0)}
 *       zero steps in total, {@code floor(total / 2)} of them on the left (TensorFlow's rule);
 *   <li>{@link #CAUSAL}: {@code e - 1} zero steps on the left only, so output {@code t} never reads
 *       an input after step {@code t * s}; {@code ceil(L / s)} outputs (WaveNet, van den Oord et
 *       al. 2016). Keras only: TF.js 4.22 throws NotImplementedError for causal Conv1D.
 * </ul>
 */
public enum Padding {
    /** No padding. */
    VALID,
    /** Zero padding split evenly (extra step on the right) so that the output has ceil(L / s) steps. */
    SAME,
    /** Zero padding on the left only. */
    CAUSAL;

    /**
     * The number of output steps for {@code length} input steps; 0 when a valid convolution does
     * not fit, {@link dev.engram.tensor.Shape#UNKNOWN} for an unknown length.
     *
     * @param length input steps
     * @param kernelSize the kernel's steps
     * @param stride steps between outputs
     * @param dilation steps between kernel taps
     * @return the output steps
     */
    public int outputLength(int length, int kernelSize, int stride, int dilation) {
        if (length == dev.engram.tensor.Shape.UNKNOWN) {
            return length; // an unknown input length stays unknown
        }
        // long: a file's kernel or dilation near 2^31 must not wrap into a window that "fits"
        long effective = (long) (kernelSize - 1) * dilation + 1;
        if (this == VALID) {
            return length < effective ? 0 : (int) ((length - effective) / stride + 1);
        }
        return (int) (((long) length + stride - 1) / stride);
    }

    /**
     * The number of zero steps conceptually prepended to an input of {@code length} steps.
     *
     * @param length input steps
     * @param kernelSize the kernel's steps
     * @param stride steps between outputs
     * @param dilation steps between kernel taps
     * @return the number of leading zero steps; 0 for valid padding
     */
    public int padLeft(int length, int kernelSize, int stride, int dilation) {
        int effective = (kernelSize - 1) * dilation + 1;
        return switch (this) {
            case VALID -> 0;
            case SAME -> Math.max((outputLength(length, kernelSize, stride, dilation) - 1) * stride + effective
                    - length, 0) / 2;
            case CAUSAL -> effective - 1;
        };
    }
}
