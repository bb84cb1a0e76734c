package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A depthwise-separable 1-D convolution (Keras 3 and tf-keras {@code SeparableConv1D}; TF.js 4.22 has none): a
 * {@link DepthwiseConv1D} step without bias ({@code depthwiseKernel [kernelSize, channels, M]}), then a pointwise
 * convolution ({@code pointwiseKernel [1, channels·M, filters]}), bias {@code [filters]} and the activation:
 * {@code y = activation(depthwise(x) · pointwise + bias)}. Weights in the peers' order: depthwise kernel, pointwise
 * kernel, bias. Input {@code [batch, steps, channels]} (channels-first {@code [batch, channels, steps]}); output steps
 * and padding (valid or same) as {@link Conv1D}. Runs {@link SeparableConv2D}'s steps over images one row high.
 */
public final class SeparableConv1D extends Layer {
    private final SeparableConv1DConfig config;
    private final Conv2DWindow window;
    private Parameter depthwise;
    private Parameter pointwise;
    private Parameter bias;
    private int channels;

    SeparableConv1D(String name, SeparableConv1DConfig config) {
        super(name);
        this.config = config;
        this.window = config.window();
    }

    @Override
    public SeparableConv1DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return StepView.hint(config.dataFormat());
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    /** Channels between the two steps. */
    private int middle() {
        return channels * config.depthMultiplier();
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int channelAxis = channelsLast() ? 1 : 0;
        if (inputShape.rank() != 2 || inputShape.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint() + " with known channels (SeparableConv1D)");
        }
        channels = inputShape.dim(channelAxis);
        int steps = inputShape.dim(config.dataFormat().stepAxis());
        int out = Shape.UNKNOWN;
        if (steps != Shape.UNKNOWN) {
            out = window.outputWidth(steps);
            if (out < 1) {
                throw tooShort(inputShape.prepend(Shape.UNKNOWN));
            }
        }
        depthwise = addParameter(WeightRole.DEPTHWISE_KERNEL, config.depthwiseInitializer(),
                Shape.of(config.kernelSize(), channels, config.depthMultiplier()), random, true)
                .attach(config.depthwiseRegularizer(), config.depthwiseConstraint());
        pointwise = addParameter(WeightRole.POINTWISE_KERNEL, config.pointwiseInitializer(),
                Shape.of(1, middle(), config.filters()), random, true)
                .attach(config.pointwiseRegularizer(), config.pointwiseConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return channelsLast() ? Shape.of(out, config.filters()) : Shape.of(config.filters(), out);
    }

    private IncompatibleShapeException tooShort(Shape found) {
        int effective = window.effectiveWidth();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, effective, channels)
                : Shape.of(Shape.UNKNOWN, channels, effective);
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid SeparableConv1D with "
                + "kernelSize " + config.kernelSize() + " and dilationRate " + config.dilationRate() + " needs at least "
                + effective + " steps)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (window.outputWidth(input.shape().dim(1 + config.dataFormat().stepAxis())) < 1) {
            throw tooShort(input.shape());
        }
    }

    /** The geometry as an image one row high. */
    private Conv2dPlan plan(Tensor input) {
        return window.plan(input.shape().dim(0), 1, input.shape().dim(1 + config.dataFormat().stepAxis()), channels);
    }

    private float[] channelsLastInput(Tensor input, Conv2dPlan p) {
        return channelsLast() ? input.buffer() : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels,
                p.width());
    }

    private Tensor output(Conv2dPlan p, float[] nwc) {
        int f = config.filters();
        return channelsLast() ? Tensor.wrap(Shape.of(p.batch(), p.outW(), f), nwc)
                : Tensor.wrap(Shape.of(p.batch(), f, p.outW()), ChannelLayout.toChannelsFirst(nwc, p.batch(), f,
                        p.outW()));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = plan(input);
        float[] y = SeparableSteps.pointwise(p, middle(), SeparableSteps.depthwise(p, config.depthMultiplier(),
                channelsLastInput(input, p), depthwise.data()), pointwise.data(), bias != null ? bias.data() : null,
                config.filters());
        config.activation().forward(y, 0, y, 0, p.rows(), config.filters());
        return output(p, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = plan(input);
        int f = config.filters();
        float[] x = channelsLastInput(input, p);
        float[] d = SeparableSteps.depthwise(p, config.depthMultiplier(), x, depthwise.data());
        float[] z = SeparableSteps.pointwise(p, middle(), d, pointwise.data(), bias != null ? bias.data() : null, f);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, p.rows(), f);
        return ForwardPass.of(output(p, y), grads -> {
            float[] dy = channelsLast() ? grads.get(0).buffer()
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), f, p.outW());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, p.rows(), f);
            float[] dx = SeparableSteps.backward(p, config.depthMultiplier(), x, d, dz, depthwise, pointwise, bias, f);
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.width()));
        });
    }
}
