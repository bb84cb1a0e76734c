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
 * Configuration of a {@link Conv1DTranspose} layer (Keras; TF.js 4.22 has none). Create with
 * {@link Layers#conv1dTranspose(int, int)}.
 *
 * @param filters           output channels, &gt; 0
 * @param kernelSize        taps, &gt; 0
 * @param strides           default 1
 * @param padding           {@link Padding#VALID} (default) or {@link Padding#SAME}
 * @param dilationRate      default 1; strides and dilation cannot both exceed 1
 * @param outputPadding     extra steps at the end of the output, below the stride; null (default) for Keras's
 *                          {@code None}
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST}
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()}; kernel {@code [k, filters, channels]}
 * @param biasInitializer   default zeros
 * @param kernelRegularizer penalty on the kernel, or null (default)
 * @param biasRegularizer   penalty on the bias, or null (default)
 * @param kernelConstraint  projection of the kernel, or null (default)
 * @param biasConstraint    projection of the bias, or null (default)
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape, first layer only
 */
public record Conv1DTransposeConfig(int filters, int kernelSize, int strides, Padding padding, int dilationRate,
        Integer outputPadding, DataFormat dataFormat, Activation activation, boolean useBias,
        Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, String name,
        Shape inputShape) implements LayerConfig<Conv1DTransposeConfig>, KernelBiasSettings {

    /**
     * Validates the fields (see the record description).
     *
     * @param filters           output channels
     * @param kernelSize        taps
     * @param strides           steps between input positions in the output
     * @param padding           valid or same
     * @param dilationRate      steps between taps
     * @param outputPadding     extra output steps, or null
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
    public Conv1DTransposeConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("Conv1DTranspose filters must be > 0, got " + filters);
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
        // Validates the sizes, strides with dilation, padding and output padding as the 2-D layer does.
        asTwoD(filters, kernelSize, strides, padding, dilationRate, outputPadding);
    }

    private static Conv2DTransposeConfig asTwoD(int filters, int kernelSize, int strides, Padding padding,
            int dilationRate, Integer outputPadding) {
        return Conv2DTransposeConfig.of(filters, new Conv2DWindow(1, kernelSize, 1, strides, 1, dilationRate, padding))
                .withOutputPadding(outputPadding == null ? null : new Conv2DTransposeConfig.OutputPadding(0,
                        outputPadding));
    }

    /** The equivalent 2-D configuration over images one row high (window, output padding). */
    Conv2DTransposeConfig asTwoD() {
        return asTwoD(filters, kernelSize, strides, padding, dilationRate, outputPadding);
    }

    /**
     * Output steps for {@code steps} input steps (Keras's {@code deconv_output_length}).
     *
     * @param steps input steps
     * @return output steps
     */
    public int outputLength(int steps) {
        return asTwoD().outputWidth(steps);
    }

    /**
     * The TF.js-style defaults (valid padding, stride 1, no output padding, channels-last, linear, bias).
     *
     * @param filters    output channels, &gt; 0
     * @param kernelSize taps, &gt; 0
     * @return the configuration
     */
    public static Conv1DTransposeConfig of(int filters, int kernelSize) {
        return new Conv1DTransposeConfig(filters, kernelSize, 1, Padding.VALID, 1, null, DataFormat.CHANNELS_LAST,
                Activations.linear(), true, Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null, null,
                null, null, null);
    }

    /**
     * {@return a copy with another stride}
     * @param s the new {@code strides}
     */
    public Conv1DTransposeConfig withStrides(int s) {
        return edit(w -> w.strides = s);
    }

    /**
     * {@return a copy with another padding}
     * @param p the new {@code padding}
     */
    public Conv1DTransposeConfig withPadding(Padding p) {
        return edit(w -> w.padding = p);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param d the new {@code dilationRate}
     */
    public Conv1DTransposeConfig withDilationRate(int d) {
        return edit(w -> w.dilationRate = d);
    }

    /**
     * {@return a copy with an output padding; null for none}
     * @param p the new {@code outputPadding}
     */
    public Conv1DTransposeConfig withOutputPadding(Integer p) {
        return edit(w -> w.outputPadding = p);
    }

    /**
     * {@return a copy with the channel axis elsewhere}
     * @param f the new {@code dataFormat}
     */
    public Conv1DTransposeConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public Conv1DTransposeConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public Conv1DTransposeConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public Conv1DTransposeConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    @Override
    public Conv1DTransposeConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "conv1d_transpose";
    }

    @Override
    public Layer create(String layerName) {
        return new Conv1DTranspose(layerName, this);
    }

    private Conv1DTransposeConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = Conv1DTransposeConfig.this.filters;
        int kernelSize = Conv1DTransposeConfig.this.kernelSize;
        int strides = Conv1DTransposeConfig.this.strides;
        Padding padding = Conv1DTransposeConfig.this.padding;
        int dilationRate = Conv1DTransposeConfig.this.dilationRate;
        Integer outputPadding = Conv1DTransposeConfig.this.outputPadding;
        DataFormat dataFormat = Conv1DTransposeConfig.this.dataFormat;
        Activation activation = Conv1DTransposeConfig.this.activation;
        boolean useBias = Conv1DTransposeConfig.this.useBias;
        Initializer kernelInitializer = Conv1DTransposeConfig.this.kernelInitializer;
        Initializer biasInitializer = Conv1DTransposeConfig.this.biasInitializer;
        Regularizer kernelRegularizer = Conv1DTransposeConfig.this.kernelRegularizer;
        Regularizer biasRegularizer = Conv1DTransposeConfig.this.biasRegularizer;
        Constraint kernelConstraint = Conv1DTransposeConfig.this.kernelConstraint;
        Constraint biasConstraint = Conv1DTransposeConfig.this.biasConstraint;
        String name = Conv1DTransposeConfig.this.name;
        Shape inputShape = Conv1DTransposeConfig.this.inputShape;

        Conv1DTransposeConfig build() {
            return new Conv1DTransposeConfig(filters, kernelSize, strides, padding, dilationRate, outputPadding,
                    dataFormat, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                    biasRegularizer, kernelConstraint, biasConstraint, name, inputShape);
        }
    }
}
