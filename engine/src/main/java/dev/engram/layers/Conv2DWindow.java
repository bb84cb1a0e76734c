package dev.engram.layers;

import dev.engram.internal.conv.Conv2dPlan;
import java.util.Objects;

/**
 * Where a 2-D convolution kernel reads: its size, strides, dilation and padding (Keras and TF.js
 * {@code kernel_size}, {@code strides}, {@code dilation_rate}, {@code padding}), shared by the 2-D
 * convolution layers. Per axis, with effective kernel extent {@code e = (k - 1) * d + 1}, an input
 * of {@code L} pixels gives {@code floor((L - e) / s) + 1} outputs for {@link Padding#VALID} and
 * {@code ceil(L / s)} for {@link Padding#SAME}, whose zero padding is split evenly with the extra
 * pixel at the bottom/right (TensorFlow's rule, also TF.js's).
 *
 * @param kernelHeight   tap rows, &gt; 0
 * @param kernelWidth    tap columns, &gt; 0
 * @param strideHeight   rows between outputs, default 1
 * @param strideWidth    columns between outputs, default 1
 * @param dilationHeight rows between taps, default 1
 * @param dilationWidth  columns between taps, default 1
 * @param padding        {@link Padding#VALID} (default) or {@link Padding#SAME}; causal is 1-D only
 */
public record Conv2DWindow(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int dilationHeight,
        int dilationWidth, Padding padding) {

    /**
     * Validates the fields.
     *
     * @param kernelHeight   tap rows, &gt; 0
     * @param kernelWidth    tap columns, &gt; 0
     * @param strideHeight   rows between outputs, &gt; 0
     * @param strideWidth    columns between outputs, &gt; 0
     * @param dilationHeight rows between taps, &gt; 0
     * @param dilationWidth  columns between taps, &gt; 0
     * @param padding        valid or same
     */
    public Conv2DWindow {
        Objects.requireNonNull(padding, "padding");
        if (kernelHeight <= 0 || kernelWidth <= 0) {
            throw new IllegalArgumentException("kernel size must be > 0, got [" + kernelHeight + ", " + kernelWidth + "]");
        }
        if (strideHeight <= 0 || strideWidth <= 0) {
            throw new IllegalArgumentException("strides must be > 0, got [" + strideHeight + ", " + strideWidth + "]");
        }
        if (dilationHeight <= 0 || dilationWidth <= 0) {
            throw new IllegalArgumentException("dilation rate must be > 0, got [" + dilationHeight + ", "
                    + dilationWidth + "]");
        }
        // Keras parity: Keras 3 and TF.js both reject any stride > 1 together with any dilation > 1.
        if (Math.max(strideHeight, strideWidth) > 1 && Math.max(dilationHeight, dilationWidth) > 1) {
            throw new IllegalArgumentException("strides [" + strideHeight + ", " + strideWidth + "] and dilation rate ["
                    + dilationHeight + ", " + dilationWidth + "] cannot both be > 1");
        }
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException("causal padding is for 1-D convolutions only; use valid or same");
        }
    }

    /**
     * A square kernel with stride 1, dilation 1 and valid padding.
     *
     * @param kernelSize tap rows and columns
     * @return the window
     */
    public static Conv2DWindow of(int kernelSize) {
        return of(kernelSize, kernelSize);
    }

    /**
     * A kernel with stride 1, dilation 1 and valid padding.
     *
     * @param kernelHeight tap rows
     * @param kernelWidth  tap columns
     * @return the window
     */
    public static Conv2DWindow of(int kernelHeight, int kernelWidth) {
        return new Conv2DWindow(kernelHeight, kernelWidth, 1, 1, 1, 1, Padding.VALID);
    }

    /**
     * {@return this window with other strides}
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public Conv2DWindow withStrides(int height, int width) {
        return new Conv2DWindow(kernelHeight, kernelWidth, height, width, dilationHeight, dilationWidth, padding);
    }

    /**
     * {@return this window with another dilation rate}
     * @param height rows between taps
     * @param width  columns between taps
     */
    public Conv2DWindow withDilationRate(int height, int width) {
        return new Conv2DWindow(kernelHeight, kernelWidth, strideHeight, strideWidth, height, width, padding);
    }

    /**
     * {@return this window with another padding}
     * @param p valid or same
     */
    public Conv2DWindow withPadding(Padding p) {
        return new Conv2DWindow(kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, p);
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

    /** Rows the kernel spans with dilation: {@code (kernelHeight - 1) * dilationHeight + 1}. */
    int effectiveHeight() {
        return (kernelHeight - 1) * dilationHeight + 1;
    }

    /** Columns the kernel spans with dilation. */
    int effectiveWidth() {
        return (kernelWidth - 1) * dilationWidth + 1;
    }

    /** The plan of one call on a channels-last batch. */
    Conv2dPlan plan(int batch, int height, int width, int channels) {
        return new Conv2dPlan(batch, height, width, channels, kernelHeight, kernelWidth, strideHeight, strideWidth,
                dilationHeight, dilationWidth, padding.padLeft(height, kernelHeight, strideHeight, dilationHeight),
                padding.padLeft(width, kernelWidth, strideWidth, dilationWidth), outputHeight(height),
                outputWidth(width));
    }
}
