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
 * Configuration of a {@link DepthwiseConv2D} layer. Create with {@link Layers#depthwiseConv2d(int)} or
 * {@link Layers#depthwiseConv2d(int, int)}.
 *
 * @param depthMultiplier   output channels per input channel, &gt; 0 (default 1)
 * @param window            kernel size, strides (default 1), dilation (default 1), padding (default valid)
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST} ({@code [height, width, channels]});
 *                          channels-first reads {@code [channels, height, width]}
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer the depthwise kernel's (Keras {@code depthwise_initializer}); default
 *                          {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans of the kernel
 *                          {@code [kh, kw, channels, depthMultiplier]}: {@code fanIn = kh * kw * channels},
 *                          {@code fanOut = kh * kw * depthMultiplier})
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
 * @param biasRegularizer   penalty on the bias; default null (none)
 * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
 * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, first layer only
 */
public record DepthwiseConv2DConfig(int depthMultiplier, Conv2DWindow window, DataFormat dataFormat, Activation activation,
        boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape) implements LayerConfig<DepthwiseConv2DConfig>,
        KernelBiasSettings {

    /**
     * Validates the fields.
     *
     * @param depthMultiplier   output channels per input channel, &gt; 0
     * @param window            kernel size, strides, dilation and padding
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
    public DepthwiseConv2DConfig {
        if (depthMultiplier <= 0) {
            throw new IllegalArgumentException("DepthwiseConv2D depthMultiplier must be > 0, got " + depthMultiplier);
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * The TF.js defaults for the given window.
     *
     * @param window the kernel's window
     * @return the configuration: depth multiplier 1, channels-last, linear activation, with bias, TF.js initializers
     */
    public static DepthwiseConv2DConfig of(Conv2DWindow window) {
        return new DepthwiseConv2DConfig(1, window, DataFormat.CHANNELS_LAST, Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null, null, null, null);
    }

    /**
     * {@return a copy with the same strides along both axes}
     * @param s rows and columns between outputs
     */
    public DepthwiseConv2DConfig withStrides(int s) {
        return withStrides(s, s);
    }

    /**
     * {@return a copy with other strides}
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public DepthwiseConv2DConfig withStrides(int height, int width) {
        return edit(w -> w.window = w.window.withStrides(height, width));
    }

    /**
     * {@return a copy with the same dilation along both axes}
     * @param d rows and columns between taps
     */
    public DepthwiseConv2DConfig withDilationRate(int d) {
        return withDilationRate(d, d);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param height rows between taps
     * @param width  columns between taps
     */
    public DepthwiseConv2DConfig withDilationRate(int height, int width) {
        return edit(w -> w.window = w.window.withDilationRate(height, width));
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public DepthwiseConv2DConfig withPadding(Padding p) {
        return edit(w -> w.window = w.window.withPadding(p));
    }

    /**
     * {@return a copy with another window (kernel size, strides, dilation, padding)}
     * @param win the new window
     */
    public DepthwiseConv2DConfig withWindow(Conv2DWindow win) {
        return edit(w -> w.window = win);
    }

    /**
     * {@return a copy with another depth multiplier}
     * @param m output channels per input channel
     */
    public DepthwiseConv2DConfig withDepthMultiplier(int m) {
        return edit(w -> w.depthMultiplier = m);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public DepthwiseConv2DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public DepthwiseConv2DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public DepthwiseConv2DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public DepthwiseConv2DConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public DepthwiseConv2DConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    /**
     * {@return a copy with a penalty on the kernel (Keras {@code kernel_regularizer}); null for none}
     * @param r the new {@code kernelRegularizer}
     */
    public DepthwiseConv2DConfig withKernelRegularizer(Regularizer r) {
        return edit(w -> w.kernelRegularizer = r);
    }

    /**
     * {@return a copy with a penalty on the bias (Keras {@code bias_regularizer}); null for none}
     * @param r the new {@code biasRegularizer}
     */
    public DepthwiseConv2DConfig withBiasRegularizer(Regularizer r) {
        return edit(w -> w.biasRegularizer = r);
    }

    /**
     * {@return a copy with a projection of the kernel after each step; null for none}
     * @param c the new {@code kernelConstraint}
     */
    public DepthwiseConv2DConfig withKernelConstraint(Constraint c) {
        return edit(w -> w.kernelConstraint = c);
    }

    /**
     * {@return a copy with a projection of the bias after each step; null for none}
     * @param c the new {@code biasConstraint}
     */
    public DepthwiseConv2DConfig withBiasConstraint(Constraint c) {
        return edit(w -> w.biasConstraint = c);
    }

    @Override
    public DepthwiseConv2DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "depthwise_conv2d";
    }

    @Override
    public Layer create(String layerName) {
        return new DepthwiseConv2D(layerName, this);
    }

    private DepthwiseConv2DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int depthMultiplier = DepthwiseConv2DConfig.this.depthMultiplier;
        Conv2DWindow window = DepthwiseConv2DConfig.this.window;
        DataFormat dataFormat = DepthwiseConv2DConfig.this.dataFormat;
        Activation activation = DepthwiseConv2DConfig.this.activation;
        boolean useBias = DepthwiseConv2DConfig.this.useBias;
        Initializer kernelInitializer = DepthwiseConv2DConfig.this.kernelInitializer;
        Initializer biasInitializer = DepthwiseConv2DConfig.this.biasInitializer;
        Regularizer kernelRegularizer = DepthwiseConv2DConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = DepthwiseConv2DConfig.this.biasRegularizer;
        Constraint kernelConstraint = DepthwiseConv2DConfig.this.kernelConstraint;
        Constraint biasConstraint = DepthwiseConv2DConfig.this.biasConstraint;
        String name = DepthwiseConv2DConfig.this.name;
        Shape inputShape = DepthwiseConv2DConfig.this.inputShape;

        DepthwiseConv2DConfig build() {
            return new DepthwiseConv2DConfig(depthMultiplier, window, dataFormat, activation, useBias, kernelInitializer,
                    biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name,
                    inputShape);
        }
    }
}
