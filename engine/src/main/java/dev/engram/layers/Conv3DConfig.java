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
 * Configuration of a {@link Conv3D} layer. Create with {@link Layers#conv3d(int, int)} or
 * {@link Layers#conv3d(int, int, int, int)}.
 *
 * @param filters           output channels, &gt; 0
 * @param window            kernel size, strides (default 1), dilation (default 1), padding (default valid)
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST} ({@code [depth, height, width, channels]});
 *                          channels-first reads {@code [channels, depth, height, width]}
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
 *                          include the receptive field: {@code fanIn = kd * kh * kw * inChannels},
 *                          {@code fanOut = kd * kh * kw * filters})
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel added to the training loss; default null (none)
 * @param biasRegularizer   penalty on the bias; default null (none)
 * @param kernelConstraint  projection of the kernel after each optimizer step; default null (none)
 * @param biasConstraint    projection of the bias after each optimizer step; default null (none)
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, first layer only
 * @param groups            default 1; G &gt; 1 splits the input channels and the filters into G groups, group
 *                          {@code g} convolving input channels {@code [g·C/G, (g+1)·C/G)} into filters
 *                          {@code [g·F/G, (g+1)·F/G)} (Keras {@code groups}, ONNX {@code group}); the kernel is then
 *                          {@code [kd, kh, kw, C/G, F]}
 */
public record Conv3DConfig(int filters, Conv3DWindow window, DataFormat dataFormat, Activation activation,
        boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape, int groups) implements LayerConfig<Conv3DConfig>, KernelBiasSettings {

    /**
     * Validates the fields.
     *
     * @param filters           output channels, &gt; 0
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
     * @param groups            channel groups, &gt; 0, dividing {@code filters}
     */
    public Conv3DConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("Conv3D filters must be > 0, got " + filters);
        }
        if (groups <= 0 || filters % groups != 0) {
            throw new IllegalArgumentException("Conv3D groups must be > 0 and divide the " + filters + " filters, got "
                    + groups);
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * An ungrouped convolution (groups 1): the fields before {@code groups} was added.
     *
     * @param filters           output channels, &gt; 0
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
    public Conv3DConfig(int filters, Conv3DWindow window, DataFormat dataFormat, Activation activation,
            boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
            Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
            Shape inputShape) {
        this(filters, window, dataFormat, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint, name, inputShape, 1);
    }

    /**
     * The TF.js defaults for the given filters and kernel size.
     *
     * @param filters output channels, &gt; 0
     * @param window  the kernel's window
     * @return the configuration: channels-last, linear activation, with bias, TF.js initializers
     * @throws IllegalArgumentException when {@code filters} is not positive
     */
    public static Conv3DConfig of(int filters, Conv3DWindow window) {
        return new Conv3DConfig(filters, window, DataFormat.CHANNELS_LAST, Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null, null, null, null);
    }

    /**
     * {@return a copy with the same strides along all three axes}
     * @param s planes, rows and columns between outputs
     */
    public Conv3DConfig withStrides(int s) {
        return withStrides(s, s, s);
    }

    /**
     * {@return a copy with other strides}
     * @param depth  planes between outputs
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public Conv3DConfig withStrides(int depth, int height, int width) {
        return edit(w -> w.window = w.window.withStrides(depth, height, width));
    }

    /**
     * {@return a copy with the same dilation along all three axes}
     * @param d planes, rows and columns between taps
     */
    public Conv3DConfig withDilationRate(int d) {
        return withDilationRate(d, d, d);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param depth  planes between taps
     * @param height rows between taps
     * @param width  columns between taps
     */
    public Conv3DConfig withDilationRate(int depth, int height, int width) {
        return edit(w -> w.window = w.window.withDilationRate(depth, height, width));
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public Conv3DConfig withPadding(Padding p) {
        return edit(w -> w.window = w.window.withPadding(p));
    }

    /**
     * {@return a copy with another window (kernel size, strides, dilation, padding)}
     * @param win the new window
     */
    public Conv3DConfig withWindow(Conv3DWindow win) {
        return edit(w -> w.window = win);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public Conv3DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public Conv3DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public Conv3DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public Conv3DConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public Conv3DConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    /**
     * {@return a copy with a penalty on the kernel (Keras {@code kernel_regularizer}); null for none}
     * @param r the new {@code kernelRegularizer}
     */
    public Conv3DConfig withKernelRegularizer(Regularizer r) {
        return edit(w -> w.kernelRegularizer = r);
    }

    /**
     * {@return a copy with a penalty on the bias (Keras {@code bias_regularizer}); null for none}
     * @param r the new {@code biasRegularizer}
     */
    public Conv3DConfig withBiasRegularizer(Regularizer r) {
        return edit(w -> w.biasRegularizer = r);
    }

    /**
     * {@return a copy with a projection of the kernel after each step; null for none}
     * @param c the new {@code kernelConstraint}
     */
    public Conv3DConfig withKernelConstraint(Constraint c) {
        return edit(w -> w.kernelConstraint = c);
    }

    /**
     * {@return a copy with a projection of the bias after each step; null for none}
     * @param c the new {@code biasConstraint}
     */
    public Conv3DConfig withBiasConstraint(Constraint c) {
        return edit(w -> w.biasConstraint = c);
    }

    /**
     * {@return a copy that convolves {@code g} channel groups separately (Keras {@code groups})}
     * @param g the new {@code groups}: divides the filters and, at build time, the input channels
     */
    public Conv3DConfig withGroups(int g) {
        return edit(w -> w.groups = g);
    }

    @Override
    public Conv3DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "conv3d";
    }

    @Override
    public Layer create(String layerName) {
        return new Conv3D(layerName, this);
    }

    private Conv3DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = Conv3DConfig.this.filters;
        Conv3DWindow window = Conv3DConfig.this.window;
        DataFormat dataFormat = Conv3DConfig.this.dataFormat;
        Activation activation = Conv3DConfig.this.activation;
        boolean useBias = Conv3DConfig.this.useBias;
        Initializer kernelInitializer = Conv3DConfig.this.kernelInitializer;
        Initializer biasInitializer = Conv3DConfig.this.biasInitializer;
        Regularizer kernelRegularizer = Conv3DConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = Conv3DConfig.this.biasRegularizer;
        Constraint kernelConstraint = Conv3DConfig.this.kernelConstraint;
        Constraint biasConstraint = Conv3DConfig.this.biasConstraint;
        String name = Conv3DConfig.this.name;
        Shape inputShape = Conv3DConfig.this.inputShape;
        int groups = Conv3DConfig.this.groups;

        Conv3DConfig build() {
            return new Conv3DConfig(filters, window, dataFormat, activation, useBias, kernelInitializer,
                    biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name,
                    inputShape, groups);
        }
    }
}
