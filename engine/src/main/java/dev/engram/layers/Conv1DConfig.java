package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of a {@link Conv1D} layer. Create with {@link Layers#conv1d(int, int)}.
 *
 * @param filters           output channels, &gt; 0
 * @param kernelSize        taps, &gt; 0
 * @param strides           step between outputs, default 1
 * @param padding           default {@link Padding#VALID}
 * @param dilationRate      step between taps, default 1; strides and dilation cannot both exceed 1
 * @param groups            default 1; G &gt; 1 convolves channels {@code [g·C/G, (g+1)·C/G)} into filters
 *                          {@code [g·F/G, (g+1)·F/G)} separately (Keras {@code groups}); the kernel is then
 *                          {@code [kernelSize, C/G, filters]}. Filters and input channels must divide by G
 * @param dataFormat        default {@link DataFormat#CHANNELS_LAST} ({@code [batch, steps, channels]}); channels-first
 *                          reads {@code [batch, channels, steps]} and writes {@code [batch, filters, outSteps]}
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
 *                          include the receptive field: {@code fanIn = kernelSize * inChannels})
 * @param biasInitializer   default zeros
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape {@code [steps, channels]} ({@code [channels, steps]} channels-first),
 *                          first layer only
 */
public record Conv1DConfig(int filters, int kernelSize, int strides, Padding padding, int dilationRate, int groups,
        DataFormat dataFormat, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer, String name, Shape inputShape) implements LayerConfig<Conv1DConfig> {

    /**
     * Validates the fields.
     *
     * @param filters           output channels, &gt; 0
     * @param kernelSize        taps, &gt; 0
     * @param strides           step between outputs, default 1
     * @param padding           default {@link Padding#VALID}
     * @param dilationRate      step between taps, default 1; strides and dilation cannot both exceed 1
     * @param groups            channel groups, default 1, dividing {@code filters}
     * @param dataFormat        where the channel axis is, default channels-last
     * @param activation        default linear
     * @param useBias           default true
     * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
     *                          include the receptive field: {@code fanIn = kernelSize * inChannels})
     * @param biasInitializer   default zeros
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape, first layer only
     */
    public Conv1DConfig {
        if (filters <= 0) {
            throw new IllegalArgumentException("Conv1D filters must be > 0, got " + filters);
        }
        if (kernelSize <= 0) {
            throw new IllegalArgumentException("Conv1D kernelSize must be > 0, got " + kernelSize);
        }
        if (strides <= 0) {
            throw new IllegalArgumentException("Conv1D strides must be > 0, got " + strides);
        }
        if (dilationRate <= 0) {
            throw new IllegalArgumentException("Conv1D dilationRate must be > 0, got " + dilationRate);
        }
        if (groups <= 0 || filters % groups != 0) {
            throw new IllegalArgumentException("Conv1D groups must be > 0 and divide the " + filters + " filters, got "
                    + groups);
        }
        // Keras parity: Keras and TF.js both reject strides > 1 together with dilation > 1.
        if (strides > 1 && dilationRate > 1) {
            throw new IllegalArgumentException("Conv1D strides (" + strides + ") and dilationRate (" + dilationRate
                    + ") cannot both be > 1");
        }
        Objects.requireNonNull(padding, "padding");
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * The TF.js defaults for the given filters and kernel size.
     *
     * @param filters output channels, &gt; 0
     * @param kernelSize steps the kernel spans, &gt; 0
     * @return the configuration: stride 1, valid padding, channels-last, linear activation, with bias
     * @throws IllegalArgumentException when a count is not positive
     */
    public static Conv1DConfig of(int filters, int kernelSize) {
        return new Conv1DConfig(filters, kernelSize, 1, Padding.VALID, 1, 1, DataFormat.CHANNELS_LAST,
                Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null);
    }

    /**
     * {@return a copy with another stride}
     * @param s the new {@code strides}
     */
    public Conv1DConfig withStrides(int s) {
        return edit(w -> w.strides = s);
    }

    /**
     * {@return a copy with another padding mode}
     * @param p the new {@code padding}
     */
    public Conv1DConfig withPadding(Padding p) {
        return edit(w -> w.padding = p);
    }

    /**
     * {@return a copy with another dilation rate}
     * @param d the new {@code dilationRate}
     */
    public Conv1DConfig withDilationRate(int d) {
        return edit(w -> w.dilationRate = d);
    }

    /**
     * {@return a copy that convolves {@code g} channel groups separately (Keras {@code groups})}
     * @param g the new {@code groups}: divides the filters and, at build time, the input channels
     */
    public Conv1DConfig withGroups(int g) {
        return edit(w -> w.groups = g);
    }

    /**
     * {@return a copy with the channel axis elsewhere (Keras {@code data_format})}
     * @param f the new {@code dataFormat}
     */
    public Conv1DConfig withDataFormat(DataFormat f) {
        return edit(w -> w.dataFormat = f);
    }

    /**
     * {@return a copy with another activation}
     * @param a the new {@code activation}
     */
    public Conv1DConfig withActivation(Activation a) {
        return edit(w -> w.activation = a);
    }

    /**
     * {@return a copy with or without a bias}
     * @param b the new {@code useBias}
     */
    public Conv1DConfig withUseBias(boolean b) {
        return edit(w -> w.useBias = b);
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param i the new {@code kernelInitializer}
     */
    public Conv1DConfig withKernelInitializer(Initializer i) {
        return edit(w -> w.kernelInitializer = i);
    }

    /**
     * {@return a copy with another bias initializer}
     * @param i the new {@code biasInitializer}
     */
    public Conv1DConfig withBiasInitializer(Initializer i) {
        return edit(w -> w.biasInitializer = i);
    }

    @Override
    public Conv1DConfig withIdentity(LayerIdentity id) {
        return edit(w -> {
            w.name = id.name();
            w.inputShape = id.inputShape();
        });
    }

    @Override
    public String defaultNamePrefix() {
        return "conv1d";
    }

    @Override
    public Layer create(String layerName) {
        return new Conv1D(layerName, this);
    }

    private Conv1DConfig edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private final class Editor {
        int filters = Conv1DConfig.this.filters;
        int kernelSize = Conv1DConfig.this.kernelSize;
        int strides = Conv1DConfig.this.strides;
        Padding padding = Conv1DConfig.this.padding;
        int dilationRate = Conv1DConfig.this.dilationRate;
        int groups = Conv1DConfig.this.groups;
        DataFormat dataFormat = Conv1DConfig.this.dataFormat;
        Activation activation = Conv1DConfig.this.activation;
        boolean useBias = Conv1DConfig.this.useBias;
        Initializer kernelInitializer = Conv1DConfig.this.kernelInitializer;
        Initializer biasInitializer = Conv1DConfig.this.biasInitializer;
        String name = Conv1DConfig.this.name;
        Shape inputShape = Conv1DConfig.this.inputShape;

        Conv1DConfig build() {
            return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, groups, dataFormat, activation,
                    useBias, kernelInitializer, biasInitializer, name, inputShape);
        }
    }
}
