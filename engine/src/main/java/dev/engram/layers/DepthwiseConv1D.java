package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.DepthwiseConv2dKernel;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A depthwise 1-D convolution (Keras 3 and tf-keras {@code DepthwiseConv1D}; TF.js 4.22 has none): each input
 * channel {@code c} is convolved with its own {@code depthMultiplier} filters, {@code y[b, t, c·M + m] =
 * activation(bias[c·M + m] + sum_j x[b, t·s - padLeft + j·d, c] · depthwiseKernel[j, c, m])}. Input
 * {@code [batch, steps, channels]} (channels-first {@code [batch, channels, steps]}), kernel
 * {@code [kernelSize, channels, depthMultiplier]}, bias {@code [channels·depthMultiplier]}; output steps and
 * padding as {@link Conv1D} (valid or same). Runs on the {@link DepthwiseConv2D} kernel over images one row high
 * (the same memory layout for input, kernel and output).
 */
public final class DepthwiseConv1D extends Layer {
    private static final Kernels K = Kernels.get();

    private final DepthwiseConv1DConfig config;
    private final Conv2DWindow window;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    DepthwiseConv1D(String name, DepthwiseConv1DConfig config) {
        super(name);
        this.config = config;
        this.window = config.window();
    }

    @Override
    public DepthwiseConv1DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return StepView.hint(config.dataFormat());
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    private int width() {
        return channels * config.depthMultiplier();
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int channelAxis = channelsLast() ? 1 : 0;
        if (inputShape.rank() != 2 || inputShape.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint() + " with known channels (DepthwiseConv1D)");
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
        kernel = addParameter(WeightRole.DEPTHWISE_KERNEL, config.kernelInitializer(),
                Shape.of(config.kernelSize(), channels, config.depthMultiplier()), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(width()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return channelsLast() ? Shape.of(out, width()) : Shape.of(width(), out);
    }

    private IncompatibleShapeException tooShort(Shape found) {
        int effective = window.effectiveWidth();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, effective, channels)
                : Shape.of(Shape.UNKNOWN, channels, effective);
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid DepthwiseConv1D with "
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

    /** The pre-activation output, channels-last. */
    private float[] pre(Conv2dPlan p, float[] x) {
        float[] z = new float[Math.multiplyExact(p.rows(), width())];
        if (bias != null) {
            K.broadcastRows(bias.data(), 0, p.rows(), width(), z, 0, width());
        }
        DepthwiseConv2dKernel.forward(p, config.depthMultiplier(), x, kernel.data(), z);
        return z;
    }

    private Tensor output(Conv2dPlan p, float[] nwc) {
        return channelsLast() ? Tensor.wrap(Shape.of(p.batch(), p.outW(), width()), nwc)
                : Tensor.wrap(Shape.of(p.batch(), width(), p.outW()), ChannelLayout.toChannelsFirst(nwc, p.batch(),
                        width(), p.outW()));
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
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), width(), p.outW());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, p.rows(), width());
            if (bias != null) {
                K.addColumnSums(dz, 0, p.rows(), width(), width(), bias.grad(), 0);
            }
            float[] dx = DepthwiseConv2dKernel.backward(p, config.depthMultiplier(), x, kernel.data(), dz,
                    kernel.grad());
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.width()));
        });
    }
}
