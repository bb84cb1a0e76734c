package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.regularizers.Regularizer;
import dev.engram.tensor.Shape;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of a {@link Conv2DTranspose} layer. Create with {@link Layers#conv2dTranspose(int, int)}
 * or {@link Layers#conv2dTranspose(int, int, int)}.
 *
 * @param filters           output channels, &gt; 0
 * @param window            kernel size, strides (default 1), dilation (default 1), padding (default valid)
 * @param outputPadding     extra rows and columns at the bottom/right of the output (Keras
 *                          {@code output_padding}), each below its stride; null (default) for Keras's
 *                          {@code None}: output size {@code in·s + max(e - s, 0)} (valid) or {@code in·s} (same)
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST} ({@code [height, width, channels]});
 *                          channels-first reads {@code [channels, height, width]}
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
 *                          include the receptive field: of the kernel {@code [kh, kw, filters, inChannels]}:
 *                          {@code fanIn = kh * kw * filters}, {@code fanOut = kh * kw * inChannels}, as in TF.js and Keras)
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
 * @param biasRegularizer   penalty on the bias; default null (none)
 * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
 * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, first layer only
 */
public record Conv2DTransposeConfig(int filters, Conv2DWindow window, OutputPadding outputPadding,
        DataFormat dataFormat, Activation activation,
        boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape) implements LayerConfig<Conv2DTransposeConfig>, KernelBiasSettings {

    /**
     * Keras's {@code output_padding}: rows and columns added at the bottom and right of the output.
     *
     * @param height extra rows, {@code >= 0} and below the row stride
     * @param width  extra columns, {@code >= 0} and below the column stride
     */
    public record OutputPadding(int height, int width) {
        /**
         * Validates the sizes.
         *
         * @param height extra rows, {@code >= 0}
         * @param width  extra columns, {@code >= 0}
         */
        public OutputPadding {
            if (height < 0 || width < 0) {
                throw new IllegalArgumentException("output padding must be >= 0, got [" + height + ", " + width + "]");
            }
        }
    }

    /**
     * Validates the fields.
     *
     * @param filters           output channels, &gt; 0
     * @param window            kernel size, strides, dilation and padding
     * @param outputPadding     extra output rows and columns, or null
     * @param dataFormat        where the channel axis is
     * @param activation        the activation
     * @param useBias           whether a bias is added
     * @param kernelInitializer the kernel's initializer
     * @param biasInitializer   the bias's initializer
     * @param kernelRegularizer the kernel's penalty, or null
     * @param biasRegularizer   the bias's penalty, or null
     * @param kernelConstraint  the kernel's projection, or null
     * @param biasConstraint    the bias's projection, or null
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape, first layer only
     */
    public Conv2DTransposeConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("Conv2DTranspose filters must be > 0, got " + filters);
        }
        Objects.requireNonNull(window, "window");
        // Keras parity: Keras refuses an output padding that is not smaller than its stride.
        if (outputPadding != null && (outputPadding.height() >= window.strideHeight()
                || outputPadding.width() >= window.strideWidth())) {
            throw new IllegalArgumentException("Conv2DTranspose output padding [" + outputPadding.height() + ", "
                    + outputPadding.width() + "] must be smaller than the strides [" + window.strideHeight() + ", "
                    + window.strideWidth() + "]");
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * The TF.js defaults for the given filters and kernel size.
     *
     * @param filters output channels, &gt; 0
     * @param window  the kernel's window
     * @return the configuration: no output padding, channels-last, linear activation, with bias, TF.js initializers
     * @throws IllegalArgumentException when {@code filters} is not positive
     */
    public static Conv2DTransposeConfig of(int filters, Conv2DWindow window) {
        return new Conv2DTransposeConfig(filters, window, null, DataFormat.CHANNELS_LAST, Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null, null, null, null);
    }

    /**
     * {@return a copy with the same strides along both axes}
     * @param s rows and columns between outputs
     */
    public Conv2DTransposeConfig withStrides(int s) {
        return withStrides(s, s);
    }

    /**
     * {@return a copy with other strides}
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public Conv2DTransposeConfig withStrides(int height, int width) {
        return edit(w -> w.window = w.window.withStrides(height, width));
    }

    /**
     * {@return a copy with the same dilation along both axes}
     * @param d rows and columns between taps
     */
    public Conv2DTransposeConfig withDilationRate(int d) {
        return withDilationRate(d, d);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param height rows between taps
     * @param width  columns between taps
     */
    public Conv2DTransposeConfig withDilationRate(int height, int width) {
        return edit(w -> w.window = w.window.withDilationRate(height, width));
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public Conv2DTransposeConfig withPadding(Padding p) {
        return edit(w -> w.window = w.window.withPadding(p));
    }

    /**
     * {@return a copy with another window (kernel size, strides, dilation, padding)}
     * @param win the new window
     */
    public Conv2DTransposeConfig withWindow(Conv2DWindow win) {
        return edit(w -> w.window = win);
    }

    /**
     * {@return a copy with an output padding (Keras {@code output_padding}); null for none}
     * @param p the new {@code outputPadding}
     */
    public Conv2DTransposeConfig withOutputPadding(OutputPadding p) {
        return edit(w -> w.outputPadding = p);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public Conv2DTransposeConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public Conv2DTransposeConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public Conv2DTransposeConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public Conv2DTransposeConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public Conv2DTransposeConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    /**
     * {@return a copy with a penalty on the kernel (Keras {@code kernel_regularizer}); null for none}
     * @param r the new {@code kernelRegularizer}
     */
    public Conv2DTransposeConfig withKernelRegularizer(Regularizer r) {
        return edit(w -> w.kernelRegularizer = r);
    }

    /**
     * {@return a copy with a penalty on the bias (Keras {@code bias_regularizer}); null for none}
     * @param r the new {@code biasRegularizer}
     */
    public Conv2DTransposeConfig withBiasRegularizer(Regularizer r) {
        return edit(w -> w.biasRegularizer = r);
    }

    /**
     * {@return a copy with a projection of the kernel after each step; null for none}
     * @param c the new {@code kernelConstraint}
     */
    public Conv2DTransposeConfig withKernelConstraint(Constraint c) {
        return edit(w -> w.kernelConstraint = c);
    }

    /**
     * {@return a copy with a projection of the bias after each step; null for none}
     * @param c the new {@code biasConstraint}
     */
    public Conv2DTransposeConfig withBiasConstraint(Constraint c) {
        return edit(w -> w.biasConstraint = c);
    }

    /**
     * Output rows for {@code height} input rows (Keras's {@code deconv_output_length}; see {@link Conv2DTranspose}).
     *
     * @param height input rows
     * @return output rows
     */
    public int outputHeight(int height) {
        return outputLength(height, window.kernelHeight(), window.strideHeight(), window.dilationHeight(),
                outputPadding == null ? -1 : outputPadding.height());
    }

    /**
     * Output columns for {@code width} input columns.
     *
     * @param width input columns
     * @return output columns
     */
    public int outputWidth(int width) {
        return outputLength(width, window.kernelWidth(), window.strideWidth(), window.dilationWidth(),
                outputPadding == null ? -1 : outputPadding.width());
    }

    /** Keras's {@code deconv_output_length} along one axis; {@code op < 0} for no output padding. */
    private int outputLength(int in, int k, int s, int d, int op) {
        int e = (k - 1) * d + 1;
        if (op < 0) {
            return window.padding() == Padding.VALID ? in * s + Math.max(e - s, 0) : in * s;
        }
        int pad = window.padding() == Padding.SAME ? e / 2 : 0;
        return (in - 1) * s + e - 2 * pad + op;
    }

    @Override
    public Conv2DTransposeConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "conv2d_transpose";
    }

    @Override
    public Layer create(String layerName) {
        return new Conv2DTranspose(layerName, this);
    }

    private Conv2DTransposeConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = Conv2DTransposeConfig.this.filters;
        Conv2DWindow window = Conv2DTransposeConfig.this.window;
        OutputPadding outputPadding = Conv2DTransposeConfig.this.outputPadding;
        DataFormat dataFormat = Conv2DTransposeConfig.this.dataFormat;
        Activation activation = Conv2DTransposeConfig.this.activation;
        boolean useBias = Conv2DTransposeConfig.this.useBias;
        Initializer kernelInitializer = Conv2DTransposeConfig.this.kernelInitializer;
        Initializer biasInitializer = Conv2DTransposeConfig.this.biasInitializer;
        Regularizer kernelRegularizer = Conv2DTransposeConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = Conv2DTransposeConfig.this.biasRegularizer;
        Constraint kernelConstraint = Conv2DTransposeConfig.this.kernelConstraint;
        Constraint biasConstraint = Conv2DTransposeConfig.this.biasConstraint;
        String name = Conv2DTransposeConfig.this.name;
        Shape inputShape = Conv2DTransposeConfig.this.inputShape;

        Conv2DTransposeConfig build() {
            return new Conv2DTransposeConfig(filters, window, outputPadding, dataFormat, activation, useBias, kernelInitializer,
                    biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name,
                    inputShape);
        }
    }
}
