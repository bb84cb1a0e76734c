package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;

/**
 * The sequence of a 1-D layer run on the 2-D convolution kernels as an image one row high ({@link DepthwiseConv1D},
 * {@link SeparableConv1D}): a channels-last {@code [batch, steps, channels]} has the memory of {@code [batch, 1, steps,
 * channels]}; a channels-first input is moved channels-last at the boundary and the output (and gradients) back.
 * Checks shapes with messages naming the layer; knows the input channels once built.
 */
final class OneRowSequence {
    private final String type;
    private final DataFormat format;
    private final Conv2DWindow window;
    private int channels;

    OneRowSequence(String type, DataFormat format, Conv2DWindow window) {
        this.type = type;
        this.format = format;
        this.window = window;
    }

    private boolean channelsLast() {
        return format == DataFormat.CHANNELS_LAST;
    }

    int channels() {
        return channels;
    }

    /** Checks a per-sample build shape, records its channels and returns the output steps (maybe unknown). */
    int build(Layer layer, Shape inputShape) {
        int channelAxis = channelsLast() ? 1 : 0;
        if (inputShape.rank() != 2 || inputShape.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(layer.name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), StepView.hint(format) + " with known channels (" + type + ")");
        }
        channels = inputShape.dim(channelAxis);
        int steps = inputShape.dim(format.stepAxis());
        if (steps == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        int out = window.outputWidth(steps);
        if (out < 1) {
            throw tooShort(layer, inputShape.prepend(Shape.UNKNOWN));
        }
        return out;
    }

    /** The per-sample output shape for {@code steps} steps of {@code width} channels. */
    Shape sample(int steps, int width) {
        return channelsLast() ? Shape.of(steps, width) : Shape.of(width, steps);
    }

    /** Refuses a batch too short for a valid window. */
    void check(Layer layer, Tensor input) {
        if (window.outputWidth(input.shape().dim(1 + format.stepAxis())) < 1) {
            throw tooShort(layer, input.shape());
        }
    }

    private IncompatibleShapeException tooShort(Layer layer, Shape found) {
        int effective = window.effectiveWidth();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, effective, channels)
                : Shape.of(Shape.UNKNOWN, channels, effective);
        return new IncompatibleShapeException(layer.name(), 0, expected, found, StepView.hint(format) + " (a valid "
                + type + " with kernelSize " + window.kernelWidth() + " and dilationRate " + window.dilationWidth()
                + " needs at least " + effective + " steps)");
    }

    /** The geometry of a batch as images one row high. */
    Conv2dPlan plan(Tensor input) {
        return window.plan(input.shape().dim(0), 1, input.shape().dim(1 + format.stepAxis()), channels);
    }

    /** The input's values channels-last. */
    float[] channelsLastInput(Tensor input, Conv2dPlan p) {
        return channelsLast() ? input.buffer() : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels,
                p.width());
    }

    /** The output in the layer's layout from channels-last values of {@code width} channels. */
    Tensor output(Conv2dPlan p, float[] nwc, int width) {
        return channelsLast() ? Tensor.wrap(Shape.of(p.batch(), p.outW(), width), nwc)
                : Tensor.wrap(Shape.of(p.batch(), width, p.outW()), ChannelLayout.toChannelsFirst(nwc, p.batch(),
                        width, p.outW()));
    }

    /** The output gradient channels-last. */
    float[] channelsLastGradient(Conv2dPlan p, Tensor dy, int width) {
        return channelsLast() ? dy.buffer() : ChannelLayout.toChannelsLast(dy.buffer(), p.batch(), width, p.outW());
    }

    /** The input gradient in the layer's layout from channels-last values. */
    Tensor inputGradient(Tensor input, Conv2dPlan p, float[] dx) {
        return Tensor.wrap(input.shape(), channelsLast() ? dx
                : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.width()));
    }
}
