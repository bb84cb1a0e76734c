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
 * Configuration of a {@link SeparableConv2D} layer. Create with {@link Layers#separableConv2d(int, int)}.
 *
 * @param filters              output channels, &gt; 0
 * @param window               the depthwise step's kernel size, strides, dilation, padding (default valid)
 * @param depthMultiplier      depthwise outputs per input channel, &gt; 0 (default 1)
 * @param dataFormat           default {@link DataFormat#CHANNELS_LAST}
 * @param activation           default linear
 * @param useBias              default true
 * @param depthwiseInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default)
 * @param pointwiseInitializer default {@link Initializers#glorotNormalTfjs()}
 * @param biasInitializer      default zeros
 * @param depthwiseRegularizer penalty on the depthwise kernel, or null (default)
 * @param pointwiseRegularizer penalty on the pointwise kernel, or null (default)
 * @param biasRegularizer      penalty on the bias, or null (default)
 * @param depthwiseConstraint  projection of the depthwise kernel, or null (default)
 * @param pointwiseConstraint  projection of the pointwise kernel, or null (default)
 * @param biasConstraint       projection of the bias, or null (default)
 * @param name                 null for an automatic name
 * @param inputShape           per-sample input shape, first layer only
 */
public record SeparableConv2DConfig(int filters, Conv2DWindow window, int depthMultiplier, DataFormat dataFormat,
        Activation activation, boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
        Initializer biasInitializer, Regularizer depthwiseRegularizer, Regularizer pointwiseRegularizer,
        Regularizer biasRegularizer, Constraint depthwiseConstraint, Constraint pointwiseConstraint,
        Constraint biasConstraint, String name, Shape inputShape) implements LayerConfig<SeparableConv2DConfig>,
        SeparableSettings {

    /**
     * Validates the fields.
     *
     * @param filters              output channels, &gt; 0
     * @param window               the depthwise step's window
     * @param depthMultiplier      depthwise outputs per input channel, &gt; 0
     * @param dataFormat           where the channel axis is
     * @param activation           the activation
     * @param useBias              whether a bias is added
     * @param depthwiseInitializer the depthwise kernel's initializer
     * @param pointwiseInitializer the pointwise kernel's initializer
     * @param biasInitializer      the bias's initializer
     * @param depthwiseRegularizer penalty on the depthwise kernel, or null
     * @param pointwiseRegularizer penalty on the pointwise kernel, or null
     * @param biasRegularizer      penalty on the bias, or null
     * @param depthwiseConstraint  projection of the depthwise kernel, or null
     * @param pointwiseConstraint  projection of the pointwise kernel, or null
     * @param biasConstraint       projection of the bias, or null
     * @param name                 null for an automatic name
     * @param inputShape           per-sample input shape, first layer only
     */
    public SeparableConv2DConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("SeparableConv2D filters must be > 0, got " + filters);
        }
        if (depthMultiplier <= 0) {
            throw new IllegalArgumentException("SeparableConv2D depthMultiplier must be > 0, got " + depthMultiplier);
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(depthwiseInitializer, "depthwiseInitializer");
        Objects.requireNonNull(pointwiseInitializer, "pointwiseInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * The TF.js defaults for the given filters and window.
     *
     * @param filters output channels, &gt; 0
     * @param window  the depthwise step's window
     * @return the configuration: depth multiplier 1, channels-last, linear, with bias, TF.js initializers
     */
    public static SeparableConv2DConfig of(int filters, Conv2DWindow window) {
        return new SeparableConv2DConfig(filters, window, 1, DataFormat.CHANNELS_LAST, Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null,
                null, null, null, null, null);
    }

    /**
     * {@return a copy with the same strides along both axes}
     * @param s rows and columns between outputs
     */
    public SeparableConv2DConfig withStrides(int s) {
        return edit(w -> w.window = w.window.withStrides(s, s));
    }

    /**
     * {@return a copy with other strides}
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public SeparableConv2DConfig withStrides(int height, int width) {
        return edit(w -> w.window = w.window.withStrides(height, width));
    }

    /**
     * {@return a copy with another dilation rate}
     * @param height rows between taps
     * @param width  columns between taps
     */
    public SeparableConv2DConfig withDilationRate(int height, int width) {
        return edit(w -> w.window = w.window.withDilationRate(height, width));
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public SeparableConv2DConfig withPadding(Padding p) {
        return edit(w -> w.window = w.window.withPadding(p));
    }

    /**
     * {@return a copy with another window}
     * @param win the new window
     */
    public SeparableConv2DConfig withWindow(Conv2DWindow win) {
        return edit(w -> w.window = win);
    }

    /**
     * {@return a copy with another depth multiplier}
     * @param m depthwise outputs per input channel
     */
    public SeparableConv2DConfig withDepthMultiplier(int m) {
        return edit(w -> w.depthMultiplier = m);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public SeparableConv2DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public SeparableConv2DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public SeparableConv2DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with other kernel initializers}
     * @param depthwise the depthwise kernel's
     * @param pointwise the pointwise kernel's
     */
    public SeparableConv2DConfig withKernelInitializers(Initializer depthwise, Initializer pointwise) {
        return edit(w -> {
            w.depthwiseInitializer = depthwise;
            w.pointwiseInitializer = pointwise;
        });
    }

    /**
     * {@return a copy with penalties on the kernels; null for none}
     * @param depthwise the depthwise kernel's
     * @param pointwise the pointwise kernel's
     */
    public SeparableConv2DConfig withKernelRegularizers(Regularizer depthwise, Regularizer pointwise) {
        return edit(w -> {
            w.depthwiseRegularizer = depthwise;
            w.pointwiseRegularizer = pointwise;
        });
    }

    @Override
    public SeparableConv2DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "separable_conv2d";
    }

    @Override
    public Layer create(String layerName) {
        return new SeparableConv2D(layerName, this);
    }

    private SeparableConv2DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = SeparableConv2DConfig.this.filters;
        Conv2DWindow window = SeparableConv2DConfig.this.window;
        int depthMultiplier = SeparableConv2DConfig.this.depthMultiplier;
        DataFormat dataFormat = SeparableConv2DConfig.this.dataFormat;
        Activation activation = SeparableConv2DConfig.this.activation;
        boolean useBias = SeparableConv2DConfig.this.useBias;
        Initializer depthwiseInitializer = SeparableConv2DConfig.this.depthwiseInitializer;
        Initializer pointwiseInitializer = SeparableConv2DConfig.this.pointwiseInitializer;
        Initializer biasInitializer = SeparableConv2DConfig.this.biasInitializer;
        Regularizer depthwiseRegularizer = SeparableConv2DConfig.this.depthwiseRegularizer;
        Regularizer pointwiseRegularizer = SeparableConv2DConfig.this.pointwiseRegularizer;
        Regularizer biasRegularizer = SeparableConv2DConfig.this.biasRegularizer;
        Constraint depthwiseConstraint = SeparableConv2DConfig.this.depthwiseConstraint;
        Constraint pointwiseConstraint = SeparableConv2DConfig.this.pointwiseConstraint;
        Constraint biasConstraint = SeparableConv2DConfig.this.biasConstraint;
        String name = SeparableConv2DConfig.this.name;
        Shape inputShape = SeparableConv2DConfig.this.inputShape;

        SeparableConv2DConfig build() {
            return new SeparableConv2DConfig(filters, window, depthMultiplier, dataFormat, activation, useBias,
                    depthwiseInitializer, pointwiseInitializer, biasInitializer, depthwiseRegularizer,
                    pointwiseRegularizer, biasRegularizer, depthwiseConstraint, pointwiseConstraint, biasConstraint,
                    name, inputShape);
        }
    }
}
