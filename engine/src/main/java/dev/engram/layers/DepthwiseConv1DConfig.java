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
 * Configuration of a {@link DepthwiseConv1D} layer. Create with {@link Layers#depthwiseConv1d(int)}.
 *
 * @param kernelSize        taps, &gt; 0
 * @param strides           steps between outputs, default 1
 * @param padding           {@link Padding#VALID} (default) or {@link Padding#SAME} (Keras has no causal form)
 * @param dilationRate      steps between taps, default 1; strides and dilation cannot both exceed 1
 * @param depthMultiplier   output channels per input channel, &gt; 0 (default 1)
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST} ({@code [steps, channels]});
 *                          channels-first reads {@code [channels, steps]}
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer the depthwise kernel's (Keras {@code depthwise_initializer}); default
 *                          {@link Initializers#glorotNormalTfjs()} (Engram's default, TF.js's; fans of the kernel
 *                          {@code [kernelSize, channels, depthMultiplier]}: {@code fanIn = kernelSize * channels},
 *                          {@code fanOut = kernelSize * depthMultiplier})
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
 * @param biasRegularizer   penalty on the bias; default null (none)
 * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
 * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, first layer only
 */
public record DepthwiseConv1DConfig(int kernelSize, int strides, Padding padding, int dilationRate, int depthMultiplier,
        DataFormat dataFormat, Activation activation, boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape) implements LayerConfig<DepthwiseConv1DConfig>,
        KernelBiasSettings {

    /**
     * Validates the fields.
     *
     * @param kernelSize        taps, &gt; 0
     * @param strides           steps between outputs, &gt; 0
     * @param padding           valid or same
     * @param dilationRate      steps between taps, &gt; 0
     * @param depthMultiplier   output channels per input channel, &gt; 0
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
    public DepthwiseConv1DConfig {
        if (depthMultiplier <= 0) {
            throw new IllegalArgumentException("DepthwiseConv1D depthMultiplier must be > 0, got " + depthMultiplier);
        }
        try {
            new Conv2DWindow(1, kernelSize, 1, strides, 1, dilationRate, padding);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("DepthwiseConv1D: " + e.getMessage(), e);
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * Keras's defaults for the given kernel size, with TF.js's kernel initializer (Engram's default everywhere).
     *
     * @param kernelSize taps, &gt; 0
     * @return the configuration: stride 1, valid padding, dilation 1, depth multiplier 1, channels-last, linear,
     *         with bias
     */
    public static DepthwiseConv1DConfig of(int kernelSize) {
        return new DepthwiseConv1DConfig(kernelSize, 1, Padding.VALID, 1, 1, DataFormat.CHANNELS_LAST,
                Activations.linear(), true, Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null,
                null, null, null);
    }

    /** The same window over images one row high: the 2-D depthwise kernels compute this layer. */
    Conv2DWindow window() {
        return new Conv2DWindow(1, kernelSize, 1, strides, 1, dilationRate, padding);
    }

    /**
     * {@return a copy with another stride}
     * @param s steps between outputs
     */
    public DepthwiseConv1DConfig withStrides(int s) {
        return edit(w -> w.strides = s);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param d steps between taps
     */
    public DepthwiseConv1DConfig withDilationRate(int d) {
        return edit(w -> w.dilationRate = d);
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public DepthwiseConv1DConfig withPadding(Padding p) {
        return edit(w -> w.padding = p);
    }

    /**
     * {@return a copy with another depth multiplier}
     * @param m output channels per input channel
     */
    public DepthwiseConv1DConfig withDepthMultiplier(int m) {
        return edit(w -> w.depthMultiplier = m);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public DepthwiseConv1DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public DepthwiseConv1DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public DepthwiseConv1DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public DepthwiseConv1DConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public DepthwiseConv1DConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    /**
     * {@return a copy with a penalty on the kernel (Keras {@code kernel_regularizer}); null for none}
     * @param r the new {@code kernelRegularizer}
     */
    public DepthwiseConv1DConfig withKernelRegularizer(Regularizer r) {
        return edit(w -> w.kernelRegularizer = r);
    }

    /**
     * {@return a copy with a penalty on the bias (Keras {@code bias_regularizer}); null for none}
     * @param r the new {@code biasRegularizer}
     */
    public DepthwiseConv1DConfig withBiasRegularizer(Regularizer r) {
        return edit(w -> w.biasRegularizer = r);
    }

    /**
     * {@return a copy with a projection of the kernel after each step; null for none}
     * @param c the new {@code kernelConstraint}
     */
    public DepthwiseConv1DConfig withKernelConstraint(Constraint c) {
        return edit(w -> w.kernelConstraint = c);
    }

    /**
     * {@return a copy with a projection of the bias after each step; null for none}
     * @param c the new {@code biasConstraint}
     */
    public DepthwiseConv1DConfig withBiasConstraint(Constraint c) {
        return edit(w -> w.biasConstraint = c);
    }

    @Override
    public DepthwiseConv1DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "depthwise_conv1d";
    }

    @Override
    public Layer create(String layerName) {
        return new DepthwiseConv1D(layerName, this);
    }

    private DepthwiseConv1DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int kernelSize = DepthwiseConv1DConfig.this.kernelSize;
        int strides = DepthwiseConv1DConfig.this.strides;
        Padding padding = DepthwiseConv1DConfig.this.padding;
        int dilationRate = DepthwiseConv1DConfig.this.dilationRate;
        int depthMultiplier = DepthwiseConv1DConfig.this.depthMultiplier;
        DataFormat dataFormat = DepthwiseConv1DConfig.this.dataFormat;
        Activation activation = DepthwiseConv1DConfig.this.activation;
        boolean useBias = DepthwiseConv1DConfig.this.useBias;
        Initializer kernelInitializer = DepthwiseConv1DConfig.this.kernelInitializer;
        Initializer biasInitializer = DepthwiseConv1DConfig.this.biasInitializer;
        Regularizer kernelRegularizer = DepthwiseConv1DConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = DepthwiseConv1DConfig.this.biasRegularizer;
        Constraint kernelConstraint = DepthwiseConv1DConfig.this.kernelConstraint;
        Constraint biasConstraint = DepthwiseConv1DConfig.this.biasConstraint;
        String name = DepthwiseConv1DConfig.this.name;
        Shape inputShape = DepthwiseConv1DConfig.this.inputShape;

        DepthwiseConv1DConfig build() {
            return new DepthwiseConv1DConfig(kernelSize, strides, padding, dilationRate, depthMultiplier, dataFormat,
                    activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name,
                    inputShape);
        }
    }
}
