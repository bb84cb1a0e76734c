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
 * Configuration of a {@link Conv2D} layer. Create with {@link Layers#conv2d(int, int)} or
 * {@link Layers#conv2d(int, int, int)}.
 *
 * @param filters           output channels, &gt; 0
 * @param window            kernel size, strides (default 1), dilation (default 1), padding (default valid)
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST} ({@code [height, width, channels]});
 *                          channels-first reads {@code [channels, height, width]}
 * @param groups            default 1; G &gt; 1 splits the input channels and the filters into G groups, group
 *                          {@code g} convolving channels {@code [g·C/G, (g+1)·C/G)} into filters
 *                          {@code [g·F/G, (g+1)·F/G)} (Keras {@code groups}, ONNX {@code group}); the kernel is then
 *                          {@code [kh, kw, C/G, filters]}. Filters and input channels must divide by G
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
 *                          include the receptive field: {@code fanIn = kh * kw * inChannels},
 *                          {@code fanOut = kh * kw * filters})
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
 * @param biasRegularizer   penalty on the bias; default null (none)
 * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
 * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, first layer only
 */
public record Conv2DConfig(int filters, Conv2DWindow window, DataFormat dataFormat, int groups, Activation activation,
        boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape) implements LayerConfig<Conv2DConfig>, KernelBiasSettings {

    /**
     * Validates the fields.
     *
     * @param filters           output channels, &gt; 0
     * @param window            kernel size, strides, dilation and padding
     * @param dataFormat        where the channel axis is
     * @param groups            channel groups, &gt; 0, dividing {@code filters}
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
    public Conv2DConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("Conv2D filters must be > 0, got " + filters);
        }
        if (groups <= 0 || filters % groups != 0) {
            throw new IllegalArgumentException("Conv2D groups must be > 0 and divide the " + filters + " filters, got "
                    + groups);
        }
        Objects.requireNonNull(window, "window");
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
     * @return the configuration: channels-last, linear activation, with bias, TF.js initializers
     * @throws IllegalArgumentException when {@code filters} is not positive
     */
    public static Conv2DConfig of(int filters, Conv2DWindow window) {
        return new Conv2DConfig(filters, window, DataFormat.CHANNELS_LAST, 1, Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null, null, null, null);
    }

    /**
     * {@return a copy with the same strides along both axes}
     * @param s rows and columns between outputs
     */
    public Conv2DConfig withStrides(int s) {
        return withStrides(s, s);
    }

    /**
     * {@return a copy with other strides}
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public Conv2DConfig withStrides(int height, int width) {
        return edit(w -> w.window = w.window.withStrides(height, width));
    }

    /**
     * {@return a copy with the same dilation along both axes}
     * @param d rows and columns between taps
     */
    public Conv2DConfig withDilationRate(int d) {
        return withDilationRate(d, d);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param height rows between taps
     * @param width  columns between taps
     */
    public Conv2DConfig withDilationRate(int height, int width) {
        return edit(w -> w.window = w.window.withDilationRate(height, width));
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public Conv2DConfig withPadding(Padding p) {
        return edit(w -> w.window = w.window.withPadding(p));
    }

    /**
     * {@return a copy with another window (kernel size, strides, dilation, padding)}
     * @param win the new window
     */
    public Conv2DConfig withWindow(Conv2DWindow win) {
        return edit(w -> w.window = win);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public Conv2DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy that convolves {@code g} channel groups separately (Keras {@code groups})}
     * @param g the new {@code groups}: divides the filters and, at build time, the input channels
     */
    public Conv2DConfig withGroups(int g) {
        return edit(w -> w.groups = g);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public Conv2DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public Conv2DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public Conv2DConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public Conv2DConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    /**
     * {@return a copy with a penalty on the kernel (Keras {@code kernel_regularizer}); null for none}
     * @param r the new {@code kernelRegularizer}
     */
    public Conv2DConfig withKernelRegularizer(Regularizer r) {
        return edit(w -> w.kernelRegularizer = r);
    }

    /**
     * {@return a copy with a penalty on the bias (Keras {@code bias_regularizer}); null for none}
     * @param r the new {@code biasRegularizer}
     */
    public Conv2DConfig withBiasRegularizer(Regularizer r) {
        return edit(w -> w.biasRegularizer = r);
    }

    /**
     * {@return a copy with a projection of the kernel after each step; null for none}
     * @param c the new {@code kernelConstraint}
     */
    public Conv2DConfig withKernelConstraint(Constraint c) {
        return edit(w -> w.kernelConstraint = c);
    }

    /**
     * {@return a copy with a projection of the bias after each step; null for none}
     * @param c the new {@code biasConstraint}
     */
    public Conv2DConfig withBiasConstraint(Constraint c) {
        return edit(w -> w.biasConstraint = c);
    }

    @Override
    public Conv2DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "conv2d";
    }

    @Override
    public Layer create(String layerName) {
        return new Conv2D(layerName, this);
    }

    private Conv2DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = Conv2DConfig.this.filters;
        Conv2DWindow window = Conv2DConfig.this.window;
        DataFormat dataFormat = Conv2DConfig.this.dataFormat;
        int groups = Conv2DConfig.this.groups;
        Activation activation = Conv2DConfig.this.activation;
        boolean useBias = Conv2DConfig.this.useBias;
        Initializer kernelInitializer = Conv2DConfig.this.kernelInitializer;
        Initializer biasInitializer = Conv2DConfig.this.biasInitializer;
        Regularizer kernelRegularizer = Conv2DConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = Conv2DConfig.this.biasRegularizer;
        Constraint kernelConstraint = Conv2DConfig.this.kernelConstraint;
        Constraint biasConstraint = Conv2DConfig.this.biasConstraint;
        String name = Conv2DConfig.this.name;
        Shape inputShape = Conv2DConfig.this.inputShape;

        Conv2DConfig build() {
            return new Conv2DConfig(filters, window, dataFormat, groups, activation, useBias, kernelInitializer,
                    biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name,
                    inputShape);
        }
    }
}
