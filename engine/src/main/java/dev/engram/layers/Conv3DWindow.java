package dev.engram.layers;

import dev.engram.internal.conv.Conv3dPlan;
import java.util.Objects;

/**
 * Where a 3-D convolution kernel reads: its size, strides, dilation and padding (Keras and TF.js
 * {@code kernel_size}, {@code strides}, {@code dilation_rate}, {@code padding}) along depth, height
 * and width. Per axis the sizes follow {@link Conv2DWindow}: with effective extent {@code e = (k - 1)
 * * d + 1}, {@code floor((L - e) / s) + 1} outputs for valid padding and {@code ceil(L / s)} for same,
 * whose zero padding is split evenly with the extra cell at the end (TensorFlow's rule, also TF.js's).
 *
 * @param kernelDepth    tap planes, &gt; 0
 * @param kernelHeight   tap rows, &gt; 0
 * @param kernelWidth    tap columns, &gt; 0
 * @param strideDepth    planes between outputs, default 1
 * @param strideHeight   rows between outputs, default 1
 * @param strideWidth    columns between outputs, default 1
 * @param dilationDepth  planes between taps, default 1
 * @param dilationHeight rows between taps, default 1
 * @param dilationWidth  columns between taps, default 1
 * @param padding        {@link Padding#VALID} (default) or {@link Padding#SAME}
 */
public record Conv3DWindow(int kernelDepth, int kernelHeight, int kernelWidth, int strideDepth, int strideHeight,
        int strideWidth, int dilationDepth, int dilationHeight, int dilationWidth, Padding padding) {

    /**
     * Validates the fields.
     *
     * @param kernelDepth    tap planes, &gt; 0
     * @param kernelHeight   tap rows, &gt; 0
     * @param kernelWidth    tap columns, &gt; 0
     * @param strideDepth    planes between outputs, &gt; 0
     * @param strideHeight   rows between outputs, &gt; 0
     * @param strideWidth    columns between outputs, &gt; 0
     * @param dilationDepth  planes between taps, &gt; 0
     * @param dilationHeight rows between taps, &gt; 0
     * @param dilationWidth  columns between taps, &gt; 0
     * @param padding        valid or same
     */
    public Conv3DWindow {
        Objects.requireNonNull(padding, "padding");
        if (Math.min(kernelDepth, Math.min(kernelHeight, kernelWidth)) <= 0) {
            throw new IllegalArgumentException("kernel size must be > 0, got " + triple(kernelDepth, kernelHeight,
                    kernelWidth));
        }
        if (Math.min(strideDepth, Math.min(strideHeight, strideWidth)) <= 0) {
            throw new IllegalArgumentException("strides must be > 0, got " + triple(strideDepth, strideHeight,
                    strideWidth));
        }
        if (Math.min(dilationDepth, Math.min(dilationHeight, dilationWidth)) <= 0) {
            throw new IllegalArgumentException("dilation rate must be > 0, got " + triple(dilationDepth,
                    dilationHeight, dilationWidth));
        }
        // Keras parity: Keras 3 and TF.js both reject any stride > 1 together with any dilation > 1.
        if (Math.max(strideDepth, Math.max(strideHeight, strideWidth)) > 1
                && Math.max(dilationDepth, Math.max(dilationHeight, dilationWidth)) > 1) {
            throw new IllegalArgumentException("strides " + triple(strideDepth, strideHeight, strideWidth)
                    + " and dilation rate " + triple(dilationDepth, dilationHeight, dilationWidth)
                    + " cannot both be > 1");
        }
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException("causal padding is for 1-D convolutions only; use valid or same");
        }
    }

    private static String triple(int d, int h, int w) {
        return "[" + d + ", " + h + ", " + w + "]";
    }

    /**
     * A cubic kernel with stride 1, dilation 1 and valid padding.
     *
     * @param kernelSize tap planes, rows and columns
     * @return the window
     */
    public static Conv3DWindow of(int kernelSize) {
        return of(kernelSize, kernelSize, kernelSize);
    }

    /**
     * A kernel with stride 1, dilation 1 and valid padding.
     *
     * @param kernelDepth  tap planes
     * @param kernelHeight tap rows
     * @param kernelWidth  tap columns
     * @return the window
     */
    public static Conv3DWindow of(int kernelDepth, int kernelHeight, int kernelWidth) {
        return new Conv3DWindow(kernelDepth, kernelHeight, kernelWidth, 1, 1, 1, 1, 1, 1, Padding.VALID);
    }

    /**
     * {@return this window with other strides}
     * @param depth  planes between outputs
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public Conv3DWindow withStrides(int depth, int height, int width) {
        return new Conv3DWindow(kernelDepth, kernelHeight, kernelWidth, depth, height, width, dilationDepth,
                dilationHeight, dilationWidth, padding);
    }

    /**
     * {@return this window with another dilation rate}
     * @param depth  planes between taps
     * @param height rows between taps
     * @param width  columns between taps
     */
    public Conv3DWindow withDilationRate(int depth, int height, int width) {
        return new Conv3DWindow(kernelDepth, kernelHeight, kernelWidth, strideDepth, strideHeight, strideWidth, depth,
                height, width, padding);
    }

    /**
     * {@return this window with another padding}
     * @param p valid or same
     */
    public Conv3DWindow withPadding(Padding p) {
        return new Conv3DWindow(kernelDepth, kernelHeight, kernelWidth, strideDepth, strideHeight, strideWidth,
                dilationDepth, dilationHeight, dilationWidth, p);
    }

    /**
     * Output planes for {@code depth} input planes; 0 when a valid window does not fit, unknown for an unknown input.
     *
     * @param depth input planes
     * @return output planes
     */
    public int outputDepth(int depth) {
        return padding.outputLength(depth, kernelDepth, strideDepth, dilationDepth);
    }

    /**
     * Output rows for {@code height} input rows; 0 when a valid window does not fit, unknown for an unknown input.
     *
     * @param height input rows
     * @return output rows
     */
    public int outputHeight(int height) {
        return padding.outputLength(height, kernelHeight, strideHeight, dilationHeight);
    }

    /**
     * Output columns for {@code width} input columns; 0 when a valid window does not fit, unknown for an unknown input.
     *
     * @param width input columns
     * @return output columns
     */
    public int outputWidth(int width) {
        return padding.outputLength(width, kernelWidth, strideWidth, dilationWidth);
    }

    /** Planes, rows and columns the kernel spans with dilation. */
    int[] effectiveExtent() {
        return new int[] {(kernelDepth - 1) * dilationDepth + 1, (kernelHeight - 1) * dilationHeight + 1,
                (kernelWidth - 1) * dilationWidth + 1};
    }

    /** The plan of one call on a channels-last batch. */
    Conv3dPlan plan(int batch, int depth, int height, int width, int channels) {
        return new Conv3dPlan(batch, depth, height, width, channels, kernelDepth, kernelHeight, kernelWidth,
                strideDepth, strideHeight, strideWidth, dilationDepth, dilationHeight, dilationWidth,
                padding.padLeft(depth, kernelDepth, strideDepth, dilationDepth),
                padding.padLeft(height, kernelHeight, strideHeight, dilationHeight),
                padding.padLeft(width, kernelWidth, strideWidth, dilationWidth), outputDepth(depth),
                outputHeight(height), outputWidth(width));
    }
}
