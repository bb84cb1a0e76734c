package dev.engram.layers;

import dev.engram.internal.conv.Conv1dPlan;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.GroupedConvGemm;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A 1-D convolution over channels-last sequences (Keras and TF.js {@code Conv1D}):
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
        return "[batch, steps, channels]";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() != 2 || inputShape.dim(1) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "[batch, steps, channels] with known channels (Conv1D)");
        }
        channels = inputShape.dim(1);
        Conv2D.requireGroupsDivide(name(), "Conv1D", config.groups(), channels, inputShape);
        int steps = inputShape.dim(0);
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
        return Shape.of(outSteps, config.filters());
    }

    private int outputSteps(int steps) {
        return config.padding().outputLength(steps, config.kernelSize(), config.strides(), config.dilationRate());
    }

    private IncompatibleShapeException tooShort(Shape found) {
        int effective = (config.kernelSize() - 1) * config.dilationRate() + 1;
        return new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, effective, channels), found,
                "[batch, steps, channels] (a valid Conv1D with kernelSize " + config.kernelSize() + " and dilationRate "
                        + config.dilationRate() + " needs at least " + effective + " steps)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (outputSteps(input.shape().dim(1)) < 1) {
            throw tooShort(input.shape());
        }
    }

    private Conv1dPlan plan(Tensor input) {
        int steps = input.shape().dim(1);
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

    @Override
    protected Tensor doCall(Tensor input) {
        Conv1dPlan plan = plan(input);
        if (config.groups() > 1) {
            float[] y = groupedAffine(plan, input.buffer());
            config.activation().forward(y, 0, y, 0, plan.rows(), config.filters());
            return Tensor.wrap(Shape.of(plan.batch(), plan.outLength(), config.filters()), y);
        }
        float[] columns = new float[plan.rows() * plan.cols()];
        plan.im2col(input.buffer(), columns);
        float[] y = new float[plan.rows() * config.filters()];
        affine(plan, columns, y);
        config.activation().forward(y, 0, y, 0, plan.rows(), config.filters());
        return Tensor.wrap(Shape.of(plan.batch(), plan.outLength(), config.filters()), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv1dPlan plan = plan(input);
        int f = config.filters();
        if (config.groups() > 1) {
            return groupedForward(plan, input);
        }
        float[] columns = new float[plan.rows() * plan.cols()];
        plan.im2col(input.buffer(), columns);
        float[] z = new float[plan.rows() * f];
        affine(plan, columns, z);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, plan.rows(), f);
        Tensor out = Tensor.wrap(Shape.of(plan.batch(), plan.outLength(), f), y);
        return ForwardPass.ofOptionalInputGradient(out, (grads, inputGradient) -> {
            int rows = plan.rows();
            int cols = plan.cols();
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, grads.get(0).buffer(), 0, dz, 0, rows, f);
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
            return Tensor.wrap(input.shape(), dx);
        });
    }

    private ForwardPass groupedForward(Conv1dPlan plan, Tensor input) {
        int f = config.filters();
        float[] z = groupedAffine(plan, input.buffer());
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, plan.rows(), f);
        return ForwardPass.of(Tensor.wrap(Shape.of(plan.batch(), plan.outLength(), f), y), grads -> {
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, grads.get(0).buffer(), 0, dz, 0, plan.rows(), f);
            Conv2dPlan g = groupPlan(plan);
            return Tensor.wrap(input.shape(), GroupedConvGemm.backward(g, config.groups(), g.channels(), input.buffer(),
                    kernel.data(), dz, f, kernel.grad(), bias != null ? bias.grad() : null));
        });
    }
}
