package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv1dPlan;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.GroupedConvGemm;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A 1-D convolution over sequences (Keras and TF.js {@code Conv1D}):
 * {@code y[b, t, f] = activation(bias[f] + sum_{j, c} x[b, t*s - padLeft + j*d, c] * kernel[j, c, f])},
 * input {@code [batch, steps, channels]}, kernel {@code [kernelSize, channels, filters]}, bias
 * {@code [filters]}, output {@code [batch, outSteps, filters]} with {@code outSteps} and
 * {@code padLeft} given by {@link Padding}. Like TF/TF.js this is a cross-correlation (taps are not
 * flipped).
 *
 * <p>Runs as im2col plus one GEMM ({@code columns [batch*outSteps, kernelSize*channels] · kernel});
 * the backward pass reuses the columns for {@code dKernel = columnsᵀ · dz} and scatters
 * {@code dz · kernelᵀ} back to the input (col2im). The step count may differ between calls when
 * the layer was built with unknown steps.
 *
 * <p>With {@code groups} G &gt; 1 the kernel is {@code [kernelSize, channels/G, filters]} and filter
 * {@code f} reads only the channels of its group {@code f / (filters/G)}: each group is a one-row 2-D
 * convolution on the shared im2col + GEMM driver ({@link GroupedConvGemm}).
 *
 * <p>Channels-first layers (Keras {@code data_format="channels_first"}) read {@code [batch, channels, steps]} and
 * write {@code [batch, filters, outSteps]}, with the same kernel and the same sums: the input is moved channels-last
 * at the layer boundary and the output back (the gradients likewise), so one kernel serves both layouts.
 */
public final class Conv1D extends Layer {
    private static final Kernels K = Kernels.get();

    private final Conv1DConfig config;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    Conv1D(String name, Conv1DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public Conv1DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return StepView.hint(config.dataFormat());
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int channelAxis = channelsLast() ? 1 : 0;
        if (inputShape.rank() != 2 || inputShape.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint() + " with known channels (Conv1D)");
        }
        channels = inputShape.dim(channelAxis);
        Conv2D.requireGroupsDivide(name(), "Conv1D", config.groups(), channels, inputShape);
        int steps = inputShape.dim(config.dataFormat().stepAxis());
        int outSteps = Shape.UNKNOWN;
        if (steps != Shape.UNKNOWN) {
            outSteps = outputSteps(steps);
            if (outSteps < 1) {
                throw tooShort(inputShape.prepend(Shape.UNKNOWN));
            }
        }
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(),
                Shape.of(config.kernelSize(), channels / config.groups(), config.filters()), random, true);
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true);
        }
        return channelsLast() ? Shape.of(outSteps, config.filters()) : Shape.of(config.filters(), outSteps);
    }

    private int outputSteps(int steps) {
        return config.padding().outputLength(steps, config.kernelSize(), config.strides(), config.dilationRate());
    }

    private IncompatibleShapeException tooShort(Shape found) {
        int effective = (config.kernelSize() - 1) * config.dilationRate() + 1;
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, effective, channels)
                : Shape.of(Shape.UNKNOWN, channels, effective);
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid Conv1D with kernelSize " + config.kernelSize() + " and dilationRate "
                        + config.dilationRate() + " needs at least " + effective + " steps)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (outputSteps(steps(input)) < 1) {
            throw tooShort(input.shape());
        }
    }

    /** The step count of a batch in this layer's layout. */
    private int steps(Tensor input) {
        return input.shape().dim(1 + config.dataFormat().stepAxis());
    }

    private Conv1dPlan plan(Tensor input) {
        int steps = steps(input);
        int k = config.kernelSize();
        int s = config.strides();
        int d = config.dilationRate();
        return new Conv1dPlan(input.shape().dim(0), steps, channels, k, s, d,
                config.padding().padLeft(steps, k, s, d), outputSteps(steps));
    }

    /** One group's geometry as a one-row image: {@code [batch, 1, steps, channels/G]}. */
    private Conv2dPlan groupPlan(Conv1dPlan p) {
        return new Conv2dPlan(p.batch(), 1, p.length(), p.channels() / config.groups(), 1, p.kernelSize(), 1,
                p.stride(), 1, p.dilation(), 0, p.padLeft(), 1, p.outLength());
    }

    /** The grouped pre-activation ({@code plan.rows() x filters}). */
    private float[] groupedAffine(Conv1dPlan plan, float[] x) {
        float[] z = new float[plan.rows() * config.filters()];
        Conv2dPlan g = groupPlan(plan);
        GroupedConvGemm.forward(g, config.groups(), g.channels(), x, kernel.data(), bias != null ? bias.data() : null,
                config.filters(), z);
        return z;
    }

    /** Writes the pre-activation {@code z = columns · kernel + bias} ({@code plan.rows() x filters}). */
    private void affine(Conv1dPlan plan, float[] columns, float[] z) {
        int f = config.filters();
        if (bias != null) {
            K.broadcastRows(bias.data(), 0, plan.rows(), f, z, 0, f);
        }
        K.gemm(false, false, plan.rows(), f, plan.cols(), columns, 0, plan.cols(), kernel.data(), 0, f,
                bias != null ? 1f : 0f, z, 0, f);
    }

    /** The input's values channels-last ({@code [batch, steps, channels]}): the kernels' layout. */
    private float[] channelsLastInput(Conv1dPlan plan, Tensor input) {
        return channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), plan.batch(), channels, plan.length());
    }

    /** The output tensor in this layer's layout from channels-last values {@code [batch, outSteps, filters]}. */
    private Tensor output(Conv1dPlan plan, float[] nwc) {
        int f = config.filters();
        return channelsLast() ? Tensor.wrap(Shape.of(plan.batch(), plan.outLength(), f), nwc)
                : Tensor.wrap(Shape.of(plan.batch(), f, plan.outLength()),
                        ChannelLayout.toChannelsFirst(nwc, plan.batch(), f, plan.outLength()));
    }

    /** The output gradient channels-last. */
    private float[] channelsLastGradient(Conv1dPlan plan, Tensor dy) {
        return channelsLast() ? dy.buffer()
                : ChannelLayout.toChannelsLast(dy.buffer(), plan.batch(), config.filters(), plan.outLength());
    }

    /** The input gradient in this layer's layout from channels-last values. */
    private Tensor inputGradient(Conv1dPlan plan, Tensor input, float[] dx) {
        return Tensor.wrap(input.shape(), channelsLast() ? dx
                : ChannelLayout.toChannelsFirst(dx, plan.batch(), channels, plan.length()));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv1dPlan plan = plan(input);
        float[] x = channelsLastInput(plan, input);
        float[] y;
        if (config.groups() > 1) {
            y = groupedAffine(plan, x);
        } else {
            float[] columns = new float[plan.rows() * plan.cols()];
            plan.im2col(x, columns);
            y = new float[plan.rows() * config.filters()];
            affine(plan, columns, y);
        }
        config.activation().forward(y, 0, y, 0, plan.rows(), config.filters());
        return output(plan, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv1dPlan plan = plan(input);
        int f = config.filters();
        float[] x = channelsLastInput(plan, input);
        if (config.groups() > 1) {
            return groupedForward(plan, input, x);
        }
        float[] columns = new float[plan.rows() * plan.cols()];
        plan.im2col(x, columns);
        float[] z = new float[plan.rows() * f];
        affine(plan, columns, z);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, plan.rows(), f);
        return ForwardPass.ofOptionalInputGradient(output(plan, y), (grads, inputGradient) -> {
            int rows = plan.rows();
            int cols = plan.cols();
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, channelsLastGradient(plan, grads.get(0)), 0, dz, 0, rows, f);
            K.gemm(true, false, cols, f, rows, columns, 0, cols, dz, 0, f, 1f, kernel.grad(), 0, f);
            if (bias != null) {
                K.addColumnSums(dz, 0, rows, f, f, bias.grad(), 0);
            }
            if (!inputGradient) {
                return null;
            }
            // The columns are no longer needed: reuse them for their own gradient.
            K.gemm(false, true, rows, cols, f, dz, 0, f, kernel.data(), 0, f, 0f, columns, 0, cols);
            float[] dx = new float[input.size()];
            plan.col2im(columns, dx);
            return inputGradient(plan, input, dx);
        });
    }

    private ForwardPass groupedForward(Conv1dPlan plan, Tensor input, float[] x) {
        int f = config.filters();
        float[] z = groupedAffine(plan, x);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, plan.rows(), f);
        return ForwardPass.of(output(plan, y), grads -> {
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, channelsLastGradient(plan, grads.get(0)), 0, dz, 0, plan.rows(),
                    f);
            Conv2dPlan g = groupPlan(plan);
            return inputGradient(plan, input, GroupedConvGemm.backward(g, config.groups(), g.channels(), x,
                    kernel.data(), dz, f, kernel.grad(), bias != null ? bias.grad() : null));
        });
    }
}
