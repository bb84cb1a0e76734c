package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.DepthwiseConv2dKernel;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A depthwise 2-D convolution (Keras and TF.js {@code DepthwiseConv2D}): each input channel {@code c}
 * is convolved with its own {@code depthMultiplier} filters, {@code y[b, i, j, c·M + m] =
 * activation(bias[c·M + m] + sum_{a, t} x[b, i·sh - padTop + a·dh, j·sw - padLeft + t·dw, c] ·
 * depthwiseKernel[a, t, c, m])}. Input {@code [batch, height, width, channels]}, kernel
 * {@code [kh, kw, channels, depthMultiplier]}, bias {@code [channels·depthMultiplier]}; sizes and
 * padding as {@link Conv2D} ({@link Conv2DWindow}). Channels-first reads {@code [batch, channels,
 * height, width]}. Computed directly (no GEMM: every channel meets only its own filters).
 */
public final class DepthwiseConv2D extends Layer {
    private static final Kernels K = Kernels.get();

    private final DepthwiseConv2DConfig config;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    DepthwiseConv2D(String name, DepthwiseConv2DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public DepthwiseConv2DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return ImageInput.hint(config.dataFormat());
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    private int width() {
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
        kernel = addParameter(WeightRole.DEPTHWISE_KERNEL, config.kernelInitializer(),
                Shape.of(win.kernelHeight(), win.kernelWidth(), channels, config.depthMultiplier()), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(width()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return ImageInput.shape(config.dataFormat(), oh, ow, width());
    }

    private IncompatibleShapeException tooSmall(Shape found) {
        Conv2DWindow w = config.window();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, w.effectiveHeight(), w.effectiveWidth(), channels)
                : Shape.of(Shape.UNKNOWN, channels, w.effectiveHeight(), w.effectiveWidth());
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid DepthwiseConv2D with "
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

    /** The pre-activation output, channels-last. */
    private float[] pre(Conv2dPlan p, float[] x) {
        float[] z = new float[Math.multiplyExact(p.rows(), width())];
        if (bias != null) {
            K.broadcastRows(bias.data(), 0, p.rows(), width(), z, 0, width());
        }
        DepthwiseConv2dKernel.forward(p, config.depthMultiplier(), x, kernel.data(), z);
        return z;
    }

    private Tensor output(Conv2dPlan p, float[] nhwc) {
        if (channelsLast()) {
            return Tensor.wrap(Shape.of(p.batch(), p.outH(), p.outW(), width()), nhwc);
        }
        return Tensor.wrap(Shape.of(p.batch(), width(), p.outH(), p.outW()),
                ChannelLayout.toChannelsFirst(nhwc, p.batch(), width(), p.pixels()));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = plan(input);
        float[] y = pre(p, channelsLastInput(input, p));
        config.activation().forward(y, 0, y, 0, p.rows(), width());
        return output(p, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = plan(input);
        float[] x = channelsLastInput(input, p);
        float[] z = pre(p, x);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, p.rows(), width());
        return ForwardPass.of(output(p, y), grads -> {
            float[] dy = channelsLast() ? grads.get(0).buffer()
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), width(), p.pixels());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, p.rows(), width());
            if (bias != null) {
                K.addColumnSums(dz, 0, p.rows(), width(), width(), bias.grad(), 0);
            }
            float[] dx = DepthwiseConv2dKernel.backward(p, config.depthMultiplier(), x, kernel.data(), dz,
                    kernel.grad());
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.height() * p.width()));
        });
    }
}
