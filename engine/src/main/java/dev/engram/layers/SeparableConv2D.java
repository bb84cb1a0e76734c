package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A depthwise-separable 2-D convolution (Keras and TF.js {@code SeparableConv2D}): a
 * {@link DepthwiseConv2D} step without bias ({@code depthwiseKernel [kh, kw, channels, M]}), then a
 * 1x1 convolution ({@code pointwiseKernel [1, 1, channels·M, filters]}), bias {@code [filters]} and
 * the activation: {@code y = activation(depthwise(x) · pointwise + bias)}. Weights in the peers'
 * order: depthwise kernel, pointwise kernel, bias. Sizes and padding as {@link Conv2D}; channels-first
 * reads {@code [batch, channels, height, width]}.
 */
public final class SeparableConv2D extends Layer {
    private final SeparableConv2DConfig config;
    private Parameter depthwise;
    private Parameter pointwise;
    private Parameter bias;
    private int channels;

    SeparableConv2D(String name, SeparableConv2DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public SeparableConv2DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return ImageInput.hint(config.dataFormat());
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
        ImageInput image = ImageInput.of(this, inputShape, config.dataFormat());
        channels = image.channels();
        int h = image.height();
        int w = image.width();
        Conv2DWindow win = config.window();
        int oh = win.outputHeight(h);
        int ow = win.outputWidth(w);
        if (oh == 0 || ow == 0) {
            throw tooSmall(inputShape.prepend(Shape.UNKNOWN));
        }
        depthwise = addParameter(WeightRole.DEPTHWISE_KERNEL, config.depthwiseInitializer(),
                Shape.of(win.kernelHeight(), win.kernelWidth(), channels, config.depthMultiplier()), random, true)
                .attach(config.depthwiseRegularizer(), config.depthwiseConstraint());
        pointwise = addParameter(WeightRole.POINTWISE_KERNEL, config.pointwiseInitializer(),
                Shape.of(1, 1, middle(), config.filters()), random, true)
                .attach(config.pointwiseRegularizer(), config.pointwiseConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return ImageInput.shape(config.dataFormat(), oh, ow, config.filters());
    }

    private IncompatibleShapeException tooSmall(Shape found) {
        Conv2DWindow w = config.window();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, w.effectiveHeight(), w.effectiveWidth(), channels)
                : Shape.of(Shape.UNKNOWN, channels, w.effectiveHeight(), w.effectiveWidth());
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid SeparableConv2D with "
                + "kernel " + w.kernelHeight() + "x" + w.kernelWidth() + " needs at least " + w.effectiveHeight() + "x"
                + w.effectiveWidth() + " pixels)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (plan(input).pixels() == 0) {
            throw tooSmall(input.shape());
        }
    }

    private Conv2dPlan plan(Tensor input) {
        Shape s = input.shape();
        return config.window().plan(s.dim(0), s.dim(channelsLast() ? 1 : 2), s.dim(channelsLast() ? 2 : 3), channels);
    }

    private float[] channelsLastInput(Tensor input, Conv2dPlan p) {
        return channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels, p.height() * p.width());
    }

    private Tensor output(Conv2dPlan p, float[] nhwc) {
        int f = config.filters();
        if (channelsLast()) {
            return Tensor.wrap(Shape.of(p.batch(), p.outH(), p.outW(), f), nhwc);
        }
        return Tensor.wrap(Shape.of(p.batch(), f, p.outH(), p.outW()),
                ChannelLayout.toChannelsFirst(nhwc, p.batch(), f, p.pixels()));
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
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), f, p.pixels());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, p.rows(), f);
            float[] dx = SeparableSteps.backward(p, config.depthMultiplier(), x, d, dz, depthwise, pointwise, bias, f);
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.height() * p.width()));
        });
    }
}
