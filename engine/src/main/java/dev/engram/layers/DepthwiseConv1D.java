package dev.engram.layers;

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
 * ({@link OneRowSequence}: the same memory layout for input, kernel and output).
 */
public final class DepthwiseConv1D extends Layer {
    private static final Kernels K = Kernels.get();

    private final DepthwiseConv1DConfig config;
    private final OneRowSequence row;
    private Parameter kernel;
    private Parameter bias;

    DepthwiseConv1D(String name, DepthwiseConv1DConfig config) {
        super(name);
        this.config = config;
        this.row = new OneRowSequence("DepthwiseConv1D", config.dataFormat(), config.window());
    }

    @Override
    public DepthwiseConv1DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return StepView.hint(config.dataFormat());
    }

    private int width() {
        return row.channels() * config.depthMultiplier();
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int out = row.build(this, inputShape);
        kernel = addParameter(WeightRole.DEPTHWISE_KERNEL, config.kernelInitializer(),
                Shape.of(config.kernelSize(), row.channels(), config.depthMultiplier()), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(width()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return row.sample(out, width());
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        row.check(this, input);
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

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = row.plan(input);
        float[] y = pre(p, row.channelsLastInput(input, p));
        config.activation().forward(y, 0, y, 0, p.rows(), width());
        return row.output(p, y, width());
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = row.plan(input);
        float[] x = row.channelsLastInput(input, p);
        float[] z = pre(p, x);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, p.rows(), width());
        return ForwardPass.of(row.output(p, y, width()), grads -> {
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, row.channelsLastGradient(p, grads.get(0), width()), 0, dz, 0,
                    p.rows(), width());
            if (bias != null) {
                K.addColumnSums(dz, 0, p.rows(), width(), width(), bias.grad(), 0);
            }
            return row.inputGradient(input, p, DepthwiseConv2dKernel.backward(p, config.depthMultiplier(), x,
                    kernel.data(), dz, kernel.grad()));
        });
    }
}
