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
 * Configuration of a {@link SeparableConv1D} layer. Create with {@link Layers#separableConv1d(int, int)}.
 *
 * @param filters              output channels, &gt; 0
 * @param kernelSize           the depthwise step's taps, &gt; 0
 * @param strides              steps between outputs, default 1
 * @param padding              {@link Padding#VALID} (default) or {@link Padding#SAME} (Keras has no causal form)
 * @param dilationRate         steps between taps, default 1; strides and dilation cannot both exceed 1
 * @param depthMultiplier      depthwise outputs per input channel, &gt; 0 (default 1)
 * @param dataFormat           default {@link DataFormat#CHANNELS_LAST}
 * @param activation           default linear
 * @param useBias              default true
 * @param depthwiseInitializer default {@link Initializers#glorotNormalTfjs()} (Engram's default, TF.js's)
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
public record SeparableConv1DConfig(int filters, int kernelSize, int strides, Padding padding, int dilationRate,
        int depthMultiplier, DataFormat dataFormat,
        Activation activation, boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
        Initializer biasInitializer, Regularizer depthwiseRegularizer, Regularizer pointwiseRegularizer,
        Regularizer biasRegularizer, Constraint depthwiseConstraint, Constraint pointwiseConstraint,
        Constraint biasConstraint, String name, Shape inputShape) implements LayerConfig<SeparableConv1DConfig>,
        SeparableSettings {

    /**
     * Validates the fields.
     *
     * @param filters              output channels, &gt; 0
     * @param kernelSize           taps, &gt; 0
     * @param strides              steps between outputs, &gt; 0
     * @param padding              valid or same
     * @param dilationRate         steps between taps, &gt; 0
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
    public SeparableConv1DConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("SeparableConv1D filters must be > 0, got " + filters);
        }
        if (depthMultiplier <= 0) {
            throw new IllegalArgumentException("SeparableConv1D depthMultiplier must be > 0, got " + depthMultiplier);
        }
        try {
            new Conv2DWindow(1, kernelSize, 1, strides, 1, dilationRate, padding);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("SeparableConv1D: " + e.getMessage(), e);
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(depthwiseInitializer, "depthwiseInitializer");
        Objects.requireNonNull(pointwiseInitializer, "pointwiseInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * Keras's defaults for the given filters and kernel size, with TF.js's kernel initializers (Engram's default).
     *
     * @param filters    output channels, &gt; 0
     * @param kernelSize the depthwise step's taps, &gt; 0
     * @return the configuration: stride 1, valid padding, dilation 1, depth multiplier 1, channels-last, linear,
     *         with bias
     */
    public static SeparableConv1DConfig of(int filters, int kernelSize) {
        return new SeparableConv1DConfig(filters, kernelSize, 1, Padding.VALID, 1, 1, DataFormat.CHANNELS_LAST,
                Activations.linear(), true, Initializers.glorotNormalTfjs(), Initializers.glorotNormalTfjs(),
                Initializers.zeros(), null, null, null, null, null, null, null, null);
    }

    /** The depthwise step's window over images one row high: the 2-D separable steps compute this layer. */
    Conv2DWindow window() {
        return new Conv2DWindow(1, kernelSize, 1, strides, 1, dilationRate, padding);
    }

    /**
     * {@return a copy with another stride}
     * @param s steps between outputs
     */
    public SeparableConv1DConfig withStrides(int s) {
        return edit(w -> w.strides = s);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param d steps between taps
     */
    public SeparableConv1DConfig withDilationRate(int d) {
        return edit(w -> w.dilationRate = d);
    }

    /**
     * {@return a copy with another padding (valid or same)}
     * @param p the new padding
     */
    public SeparableConv1DConfig withPadding(Padding p) {
        return edit(w -> w.padding = p);
    }

    /**
     * {@return a copy with another depth multiplier}
     * @param m depthwise outputs per input channel
     */
    public SeparableConv1DConfig withDepthMultiplier(int m) {
        return edit(w -> w.depthMultiplier = m);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public SeparableConv1DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public SeparableConv1DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public SeparableConv1DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with other kernel initializers}
     * @param depthwise the depthwise kernel's
     * @param pointwise the pointwise kernel's
     */
    public SeparableConv1DConfig withKernelInitializers(Initializer depthwise, Initializer pointwise) {
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
    public SeparableConv1DConfig withKernelRegularizers(Regularizer depthwise, Regularizer pointwise) {
        return edit(w -> {
            w.depthwiseRegularizer = depthwise;
            w.pointwiseRegularizer = pointwise;
        });
    }

    @Override
    public SeparableConv1DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "separable_conv1d";
    }

    @Override
    public Layer create(String layerName) {
        return new SeparableConv1D(layerName, this);
    }

    private SeparableConv1DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = SeparableConv1DConfig.this.filters;
        int kernelSize = SeparableConv1DConfig.this.kernelSize;
        int strides = SeparableConv1DConfig.this.strides;
        Padding padding = SeparableConv1DConfig.this.padding;
        int dilationRate = SeparableConv1DConfig.this.dilationRate;
        int depthMultiplier = SeparableConv1DConfig.this.depthMultiplier;
        DataFormat dataFormat = SeparableConv1DConfig.this.dataFormat;
        Activation activation = SeparableConv1DConfig.this.activation;
        boolean useBias = SeparableConv1DConfig.this.useBias;
        Initializer depthwiseInitializer = SeparableConv1DConfig.this.depthwiseInitializer;
        Initializer pointwiseInitializer = SeparableConv1DConfig.this.pointwiseInitializer;
        Initializer biasInitializer = SeparableConv1DConfig.this.biasInitializer;
        Regularizer depthwiseRegularizer = SeparableConv1DConfig.this.depthwiseRegularizer;
        Regularizer pointwiseRegularizer = SeparableConv1DConfig.this.pointwiseRegularizer;
        Regularizer biasRegularizer = SeparableConv1DConfig.this.biasRegularizer;
        Constraint depthwiseConstraint = SeparableConv1DConfig.this.depthwiseConstraint;
        Constraint pointwiseConstraint = SeparableConv1DConfig.this.pointwiseConstraint;
        Constraint biasConstraint = SeparableConv1DConfig.this.biasConstraint;
        String name = SeparableConv1DConfig.this.name;
        Shape inputShape = SeparableConv1DConfig.this.inputShape;

        SeparableConv1DConfig build() {
            return new SeparableConv1DConfig(filters, kernelSize, strides, padding, dilationRate, depthMultiplier,
                    dataFormat, activation, useBias,
                    depthwiseInitializer, pointwiseInitializer, biasInitializer, depthwiseRegularizer,
                    pointwiseRegularizer, biasRegularizer, depthwiseConstraint, pointwiseConstraint, biasConstraint,
                    name, inputShape);
        }
    }
}
