package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Conv1D} layer. Create with {@link Layers#conv1d(int, int)}.
 *
 * @param filters           output channels, &gt; 0
 * @param kernelSize        taps, &gt; 0
 * @param strides           step between outputs, default 1
 * @param padding           default {@link Padding#VALID}
 * @param dilationRate      step between taps, default 1; strides and dilation cannot both exceed 1
 * @param activation        default linear
 * @param useBias           default true
 * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
 *                          include the receptive field: {@code fanIn = kernelSize * inChannels})
 * @param biasInitializer   default zeros
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape {@code [steps, channels]}, first layer only
 */
public record Conv1DConfig(int filters, int kernelSize, int strides, Padding padding, int dilationRate,
        Activation activation, boolean useBias, Initializer kernelInitializer, Initializer biasInitializer,
        String name, Shape inputShape) implements LayerConfig {

    /**
     * Validates the fields.
     *
     * @param filters           output channels, &gt; 0
     * @param kernelSize        taps, &gt; 0
     * @param strides           step between outputs, default 1
     * @param padding           default {@link Padding#VALID}
     * @param dilationRate      step between taps, default 1; strides and dilation cannot both exceed 1
     * @param activation        default linear
     * @param useBias           default true
     * @param kernelInitializer default {@link Initializers#glorotNormalTfjs()} (TF.js's default; fans
     *                          include the receptive field: {@code fanIn = kernelSize * inChannels})
     * @param biasInitializer   default zeros
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape {@code [steps, channels]}, first layer only
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
        // Keras parity: Keras and TF.js both reject strides > 1 together with dilation > 1.
        if (strides > 1 && dilationRate > 1) {
            throw new IllegalArgumentException("Conv1D strides (" + strides + ") and dilationRate (" + dilationRate
                    + ") cannot both be > 1");
        }
        Objects.requireNonNull(padding, "padding");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /**
     * The TF.js defaults for the given filters and kernel size.
     *
     * @param filters output channels, &gt; 0
     * @param kernelSize steps the kernel spans, &gt; 0
     * @return the configuration: stride 1, valid padding, linear activation, with bias
     * @throws IllegalArgumentException when a count is not positive
     */
    public static Conv1DConfig of(int filters, int kernelSize) {
        return new Conv1DConfig(filters, kernelSize, 1, Padding.VALID, 1, Activations.linear(), true,
                Initializers.glorotNormalTfjs(), Initializers.zeros(), null, null);
    }

    /**
     * With another stride.
     *
     * @param s the new {@code strides}
     * @return a copy with {@code strides} replaced
     */
    public Conv1DConfig withStrides(int s) {
        return new Conv1DConfig(filters, kernelSize, s, padding, dilationRate, activation, useBias, kernelInitializer,
                biasInitializer, name, inputShape);
    }

    /**
     * With another padding mode.
     *
     * @param p the new {@code padding}
     * @return a copy with {@code padding} replaced
     */
    public Conv1DConfig withPadding(Padding p) {
        return new Conv1DConfig(filters, kernelSize, strides, p, dilationRate, activation, useBias, kernelInitializer,
                biasInitializer, name, inputShape);
    }

    /**
     * With another dilation rate.
     *
     * @param d the new {@code dilationRate}
     * @return a copy with {@code dilationRate} replaced
     */
    public Conv1DConfig withDilationRate(int d) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, d, activation, useBias, kernelInitializer,
                biasInitializer, name, inputShape);
    }

    /**
     * With another activation.
     *
     * @param a the new {@code activation}
     * @return a copy with {@code activation} replaced
     */
    public Conv1DConfig withActivation(Activation a) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, a, useBias, kernelInitializer,
                biasInitializer, name, inputShape);
    }

    /**
     * With or without a bias.
     *
     * @param b the new {@code useBias}
     * @return a copy with {@code useBias} replaced
     */
    public Conv1DConfig withUseBias(boolean b) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, activation, b, kernelInitializer,
                biasInitializer, name, inputShape);
    }

    /**
     * With another kernel initializer.
     *
     * @param i the new {@code kernelInitializer}
     * @return a copy with {@code kernelInitializer} replaced
     */
    public Conv1DConfig withKernelInitializer(Initializer i) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, activation, useBias, i,
                biasInitializer, name, inputShape);
    }

    /**
     * With another bias initializer.
     *
     * @param i the new {@code biasInitializer}
     * @return a copy with {@code biasInitializer} replaced
     */
    public Conv1DConfig withBiasInitializer(Initializer i) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, i, name, inputShape);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public Conv1DConfig withName(String n) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer, n, inputShape);
    }

    /**
     * With the per-sample input shape {@code [steps, channels]} (first layer only; steps may be -1).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public Conv1DConfig inputShape(int... dims) {
        return new Conv1DConfig(filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer, name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "conv1d";
    }

    @Override
    public Layer create(String layerName) {
        return new Conv1D(layerName, this);
    }
}
